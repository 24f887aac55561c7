package org.elementvault.sandbox.sample;

import java.time.LocalDate;
import java.util.Locale;
import java.util.SplittableRandom;
import org.elementvault.engine.dataset.PiiFormats;
import org.elementvault.engine.dataset.PiiType;

/**
 * Invented strings in the shape of each PII type: every one passes the import's format check for
 * its type ({@link PiiFormats}), and none is taken from any data. Thread-safe: no state; the caller
 * passes the generator.
 */
final class FakeValues {

  /** The first birth date of invented IDs and birth dates. */
  static final LocalDate FIRST_BIRTH = LocalDate.of(1940, 1, 1);

  /** The last birth date: fixed, so the output does not depend on when it is generated. */
  static final LocalDate LAST_BIRTH = LocalDate.of(2006, 12, 31);

  /** How many invented values a text column without a PII type or common values draws from. */
  static final int VOCABULARY = 20;

  /** County-level region codes an ID starts with, one per listed city district. */
  private static final String[] REGION_CODES = {
    "110101", "110105", "310104", "320102", "330106", "370102", "410105", "420106", "440106",
    "500103", "510107", "610113"
  };

  private static final String[] CITIES = {
    "北京市东城区",
    "上海市徐汇区",
    "江苏省南京市玄武区",
    "浙江省杭州市西湖区",
    "山东省济南市历下区",
    "河南省郑州市金水区",
    "湖北省武汉市江汉区",
    "广东省广州市天河区",
    "重庆市渝中区",
    "四川省成都市武侯区",
    "陕西省西安市雁塔区"
  };

  private static final String[] STREETS = {
    "人民路", "解放路", "中山路", "建设路", "和平路", "文化路", "花园路", "长江路", "黄河路", "新华路", "青年路", "友谊路"
  };

  private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹";

  private static final String GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚华玉萍红玲芬燕彬鹏辉宇浩然轩涵欣怡诺雨博文俊";

  private static final String[] MOBILE_PREFIXES = {
    "130", "131", "132", "135", "136", "137", "138", "139", "150", "151", "152", "155", "158",
    "159", "166", "176", "177", "180", "182", "185", "186", "187", "188", "189", "199"
  };

  /** Six-digit issuer prefixes of UnionPay debit cards of large Chinese banks. */
  private static final String[] CARD_PREFIXES = {
    "622202", "622848", "622700", "621700", "621661", "622588", "622609", "621226"
  };

  private static final String[] SYLLABLES = {
    "an", "bo", "chen", "fang", "hua", "jie", "li", "ming", "ning", "ping", "qing", "rui", "shan",
    "tao", "wei", "xin", "yang", "yu", "zhen", "zhou"
  };

  /** Domains reserved for examples (RFC 2606): no invented address can reach a real mailbox. */
  private static final String[] EMAIL_DOMAINS = {"example.com", "example.org", "example.net"};

  private static final long FIRST_BIRTH_DAY = FIRST_BIRTH.toEpochDay();
  private static final long LAST_BIRTH_DAY = LAST_BIRTH.toEpochDay();

  private FakeValues() {}

  /**
   * An invented value for a string column of {@code pii}: for {@link PiiType#NONE}, one of {@code
   * value_1} to {@code value_20}.
   */
  static String of(PiiType pii, SplittableRandom random) {
    StringBuilder out = new StringBuilder(24);
    switch (pii) {
      case ID_CARD -> idCard(random, out);
      case PHONE -> phone(random, out);
      case NAME -> name(random, out);
      case ADDRESS -> address(random, out);
      case BANK_CARD -> bankCard(random, out);
      case EMAIL -> email(random, out);
      case GEO -> geo(random, out);
      case BIRTH_DATE -> out.append(birthDate(random));
      case NONE -> out.append("value_").append(1 + random.nextInt(VOCABULARY));
    }
    return out.toString();
  }

  /** A birth date from {@link #FIRST_BIRTH} to {@link #LAST_BIRTH}. */
  static LocalDate birthDate(SplittableRandom random) {
    return LocalDate.ofEpochDay(random.nextLong(FIRST_BIRTH_DAY, LAST_BIRTH_DAY + 1));
  }

  /** Region, birth date, a three-digit sequence and the GB 11643 check character. */
  private static void idCard(SplittableRandom random, StringBuilder out) {
    out.append(REGION_CODES[random.nextInt(REGION_CODES.length)]);
    LocalDate birth = birthDate(random);
    digits(out, birth.getYear(), 4);
    digits(out, birth.getMonthValue(), 2);
    digits(out, birth.getDayOfMonth(), 2);
    digits(out, random.nextInt(1000), 3);
    out.append(PiiFormats.residentIdCheckCharacter(out));
  }

  private static void phone(SplittableRandom random, StringBuilder out) {
    out.append(MOBILE_PREFIXES[random.nextInt(MOBILE_PREFIXES.length)]);
    digits(out, random.nextInt(100_000_000), 8);
  }

  private static void name(SplittableRandom random, StringBuilder out) {
    out.append(SURNAMES.charAt(random.nextInt(SURNAMES.length())));
    out.append(GIVEN.charAt(random.nextInt(GIVEN.length())));
    if (random.nextBoolean()) {
      out.append(GIVEN.charAt(random.nextInt(GIVEN.length())));
    }
  }

  private static void address(SplittableRandom random, StringBuilder out) {
    out.append(CITIES[random.nextInt(CITIES.length)]);
    out.append(STREETS[random.nextInt(STREETS.length)]);
    out.append(1 + random.nextInt(300)).append('号');
    if (random.nextBoolean()) {
      out.append(1 + random.nextInt(30)).append('栋');
      out.append(1 + random.nextInt(30)).append('0').append(1 + random.nextInt(6)).append('室');
    }
  }

  /** A UnionPay debit card number of 16 or 19 digits with a Luhn check digit. */
  private static void bankCard(SplittableRandom random, StringBuilder out) {
    int length = random.nextBoolean() ? 16 : 19;
    out.append(CARD_PREFIXES[random.nextInt(CARD_PREFIXES.length)]);
    while (out.length() < length - 1) {
      out.append((char) ('0' + random.nextInt(10)));
    }
    out.append(PiiFormats.luhnCheckDigit(out));
  }

  private static void email(SplittableRandom random, StringBuilder out) {
    out.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
    out.append('.');
    out.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
    out.append(random.nextInt(1000));
    out.append('@').append(EMAIL_DOMAINS[random.nextInt(EMAIL_DOMAINS.length)]);
  }

  /** Latitude and longitude inside mainland China's bounding box, to six decimals. */
  private static void geo(SplittableRandom random, StringBuilder out) {
    double latitude = random.nextDouble(18, 53);
    double longitude = random.nextDouble(73, 135);
    out.append(String.format(Locale.ROOT, "%.6f,%.6f", latitude, longitude));
  }

  /** Appends {@code value} zero-padded to {@code width} digits. */
  private static void digits(StringBuilder out, int value, int width) {
    int at = out.length();
    out.setLength(at + width);
    for (int i = at + width - 1; i >= at; i--) {
      out.setCharAt(i, (char) ('0' + value % 10));
      value /= 10;
    }
  }
}
