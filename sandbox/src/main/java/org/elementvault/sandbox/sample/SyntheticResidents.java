package org.elementvault.sandbox.sample;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;
import org.elementvault.engine.dataset.PiiFormats;

/**
 * Writes a deterministic CSV of invented Chinese resident records: the data set of {@code evault
 * demo} and the workload of the benchmarks. The same seed and row count always give the same bytes.
 * Every value is drawn from a seeded generator; nothing is read from a vault.
 *
 * <p>Eight columns, in this order: {@code id_card} (an 18-character resident ID of a Zhengzhou
 * district with a correct GB 11643 check character; its birth date and sex digit agree with the
 * other columns), {@code name} (two or three Chinese characters), {@code gender} ({@code 男}/{@code
 * 女}), {@code birth_date} ({@code yyyy-MM-dd}, 1940 to 2006), {@code district} (one of 16 Zhengzhou
 * districts), {@code phone} (an 11-digit mobile number), {@code income} ({@code DECIMAL(12,2)},
 * log-normal around 60,000, about 1% empty) and {@code age} (whole years on {@link
 * #AGE_REFERENCE}). {@link #schemaYaml()} is the matching {@code S.yaml}, classified as DESIGN.md
 * describes: the ID, name, birth date and phone are SENSITIVE with their PII types (the ID's and
 * phone's formats checked at import), income is IMPORTANT, and the rest is GENERAL.
 *
 * <p>Thread-safe: no state.
 */
public final class SyntheticResidents {

  /** Changes whenever the output for a seed changes, so caches of generated files can tell. */
  public static final int GENERATION = 2;

  /** The seed the demo and the benchmarks use. */
  public static final long DEFAULT_SEED = 11_643L;

  /** The header row. */
  public static final String HEADER = "id_card,name,gender,birth_date,district,phone,income,age";

  /** Ages are whole years on this date, so the file does not depend on when it is written. */
  public static final LocalDate AGE_REFERENCE = LocalDate.of(2025, 1, 1);

  private static final long FIRST_BIRTH_DAY = LocalDate.of(1940, 1, 1).toEpochDay();
  private static final long LAST_BIRTH_DAY = LocalDate.of(2006, 12, 31).toEpochDay();

  /** Zhengzhou's districts and the six-digit administrative code an ID issued there starts with. */
  private record District(String name, String code) {}

  private static final List<District> DISTRICTS =
      List.of(
          new District("中原区", "410102"),
          new District("二七区", "410103"),
          new District("管城回族区", "410104"),
          new District("金水区", "410105"),
          new District("上街区", "410106"),
          new District("惠济区", "410108"),
          new District("中牟县", "410122"),
          new District("巩义市", "410181"),
          new District("荥阳市", "410182"),
          new District("新密市", "410183"),
          new District("新郑市", "410184"),
          new District("登封市", "410185"),
          new District("郑东新区", "410105"),
          new District("经开区", "410171"),
          new District("高新区", "410172"),
          new District("航空港区", "410173"));

  private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘";

  private static final String GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国志新宇浩然子轩梓涵欣怡一诺思雨博文俊";

  private static final String[] PHONE_PREFIXES = {
    "130", "131", "132", "135", "136", "137", "138", "139", "150", "151", "152", "155", "158",
    "159", "166", "176", "177", "180", "182", "185", "186", "187", "188", "189", "199"
  };

  private SyntheticResidents() {}

  /** The {@code S.yaml} of the file, with {@code age} as {@code INT}. */
  public static String schemaYaml() {
    return schemaYaml("INT");
  }

  /**
   * The {@code S.yaml} of the file with {@code age} declared as {@code ageType} ({@code INT} or
   * {@code BIGINT}; the file's values fit either).
   *
   * @throws IllegalArgumentException if {@code ageType} is neither
   */
  public static String schemaYaml(String ageType) {
    if (!ageType.equals("INT") && !ageType.equals("BIGINT")) {
      throw new IllegalArgumentException("ageType must be INT or BIGINT");
    }
    return """
        subject: id_card
        open_category: CONDITIONAL
        columns:
          - {name: id_card,    type: STRING, level: SENSITIVE, pii: ID_CARD, check_format: true}
          - {name: name,       type: STRING, level: SENSITIVE, pii: NAME}
          - {name: gender,     type: STRING, level: GENERAL,   quasi_identifier: true}
          - {name: birth_date, type: DATE,   level: SENSITIVE, pii: BIRTH_DATE, quasi_identifier: true}
          - {name: district,   type: STRING, level: GENERAL,   quasi_identifier: true}
          - {name: phone,      type: STRING, level: SENSITIVE, pii: PHONE, check_format: true}
          - {name: income,     type: DECIMAL(12,2), level: IMPORTANT}
          - {name: age,        type: AGE_TYPE, level: GENERAL,   quasi_identifier: true}
        """
        .replace("AGE_TYPE", ageType);
  }

  /**
   * Writes {@link #schemaYaml()} to {@code file} (UTF-8), replacing it if it exists.
   *
   * @throws IOException if the file cannot be written
   */
  public static void writeSchema(Path file) throws IOException {
    Files.writeString(file, schemaYaml(), StandardCharsets.UTF_8);
  }

  /**
   * Writes the header and {@code rows} rows drawn with {@code seed} to {@code file} (UTF-8, one
   * {@code \n} after each line), replacing it if it exists. Streams: memory does not grow with
   * {@code rows}.
   *
   * @return the size of the file in bytes
   * @throws IllegalArgumentException if {@code rows} is negative
   * @throws IOException if the file cannot be written
   */
  public static long write(Path file, long rows, long seed) throws IOException {
    if (rows < 0) {
      throw new IllegalArgumentException("rows must be at least 0, was " + rows);
    }
    SplittableRandom random = new SplittableRandom(seed);
    Sequences sequences = new Sequences();
    StringBuilder line = new StringBuilder(128);
    try (Writer out =
        new BufferedWriter(
            new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16)) {
      out.write(HEADER);
      out.write('\n');
      for (long i = 0; i < rows; i++) {
        line.setLength(0);
        row(random, sequences, line);
        line.append('\n');
        out.append(line);
      }
    }
    return Files.size(file);
  }

  /**
   * Hands out ID sequence numbers per region, birth date and sex, so that every resident has a
   * different ID, as in life: 500 per combination, about 14 are used per combination at 10 M rows.
   * Beyond 500 (over 300 M rows) numbers repeat.
   */
  private static final class Sequences {
    private static final List<String> CODES =
        DISTRICTS.stream().map(District::code).distinct().toList();
    private static final int DAYS = (int) (LAST_BIRTH_DAY - FIRST_BIRTH_DAY + 1);
    private final int[] next = new int[CODES.size() * DAYS * 2];

    /** The next three-digit sequence: two digits, then one whose parity is the sex. */
    int next(District district, LocalDate birth, boolean male) {
      int slot =
          (CODES.indexOf(district.code()) * DAYS + (int) (birth.toEpochDay() - FIRST_BIRTH_DAY)) * 2
              + (male ? 1 : 0);
      int sequence = next[slot]++ % 500;
      return (sequence / 5) * 10 + (sequence % 5) * 2 + (male ? 1 : 0);
    }
  }

  private static void row(SplittableRandom random, Sequences sequences, StringBuilder line) {
    District district = DISTRICTS.get(random.nextInt(DISTRICTS.size()));
    LocalDate birth = LocalDate.ofEpochDay(random.nextLong(FIRST_BIRTH_DAY, LAST_BIRTH_DAY + 1));
    boolean male = random.nextBoolean();

    // id_card: region, birth date, a 3-digit sequence whose last digit is odd for men, check.
    int start = line.length();
    line.append(district.code());
    appendDigits(line, birth.getYear(), 4);
    appendDigits(line, birth.getMonthValue(), 2);
    appendDigits(line, birth.getDayOfMonth(), 2);
    appendDigits(line, sequences.next(district, birth, male), 3);
    line.append(PiiFormats.residentIdCheckCharacter(line.subSequence(start, start + 17)));
    line.append(',');

    line.append(SURNAMES.charAt(random.nextInt(SURNAMES.length())));
    line.append(GIVEN.charAt(random.nextInt(GIVEN.length())));
    if (random.nextInt(3) != 0) {
      line.append(GIVEN.charAt(random.nextInt(GIVEN.length())));
    }
    line.append(',');

    line.append(male ? '男' : '女').append(',');

    appendDigits(line, birth.getYear(), 4);
    line.append('-');
    appendDigits(line, birth.getMonthValue(), 2);
    line.append('-');
    appendDigits(line, birth.getDayOfMonth(), 2);
    line.append(',');

    line.append(district.name()).append(',');

    line.append(PHONE_PREFIXES[random.nextInt(PHONE_PREFIXES.length)]);
    appendDigits(line, random.nextInt(100_000_000), 8);
    line.append(',');

    if (random.nextInt(100) != 0) {
      double yuan = Math.exp(Math.log(60_000) + 0.8 * random.nextGaussian());
      long cents = Math.min((long) (yuan * 100), 9_999_999_999_99L);
      line.append(cents / 100).append('.');
      appendDigits(line, (int) (cents % 100), 2);
    }
    line.append(',');

    int age = AGE_REFERENCE.getYear() - birth.getYear();
    if (birth.plusYears(age).isAfter(AGE_REFERENCE)) {
      age--;
    }
    line.append(age);
  }

  /** Appends {@code value} zero-padded to {@code width} digits. */
  private static void appendDigits(StringBuilder line, int value, int width) {
    int at = line.length();
    line.setLength(at + width);
    for (int i = at + width - 1; i >= at; i--) {
      line.setCharAt(i, (char) ('0' + value % 10));
      value /= 10;
    }
  }
}
