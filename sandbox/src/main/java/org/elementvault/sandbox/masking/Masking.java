package org.elementvault.sandbox.masking;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.elementvault.engine.dataset.PiiFormats;
import org.jspecify.annotations.Nullable;

/**
 * Masks and generalizes values for release in element queries, following Chinese display
 * conventions ({@code 110101********1234}, {@code 138****5678}, {@code 张*}).
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li>Every function is total over its value: a null value gives null, and a malformed value
 *       gives a fully masked result of fixed length, so a malformed value never reveals more than a
 *       well-formed one would, not even its length.
 *   <li>No function throws because of a value. Only arguments a query writes as constants (a key, a
 *       width, a unit) are checked, with {@link IllegalArgumentException} messages that name the
 *       rule and never a value.
 *   <li>Text is read as Unicode code points, never split inside a surrogate pair; the work done on
 *       a string is bounded by the length a well-formed value could have, except for {@link
 *       #pseudonym}, which reads the whole value.
 * </ul>
 *
 * <p>Thread-safe: no state.
 */
public final class Masking {

  /** The mask of an ID card that is not 17 ASCII digits and a digit or {@code X}. */
  static final String MASKED_ID_CARD = "******************";

  /** The mask of a phone number that is not an 11-digit mainland mobile number. */
  static final String MASKED_PHONE = "***********";

  /** The mask of a name that is neither a Han nor a Latin-script name. */
  static final String MASKED_NAME = "***";

  /** What replaces the rest of an address: always four, so the mask does not reveal length. */
  static final String ADDRESS_REST = "****";

  /** The mask of a bank card that is not 12 to 19 digits. */
  static final String MASKED_BANK_CARD = "****************";

  /** The mask of an email address that is not a plausible {@code local@domain}. */
  static final String MASKED_EMAIL = "***";

  /** The smallest pseudonym key: HMAC-SHA256 gains nothing from more, and less is guessable. */
  public static final int MIN_PSEUDONYM_KEY_BYTES = 32;

  private static final int PSEUDONYM_BYTES = 16;

  /** Longer input cannot be a name; refusing it early bounds the work. */
  private static final int MAX_NAME_CHARS = 256;

  /** Han names show one {@code *} per hidden character, at most this many. */
  private static final int MAX_NAME_STARS = 3;

  /** Room for {@code +86}, 11 digits and separators; longer input is not a phone number. */
  private static final int MAX_PHONE_CHARS = 32;

  /** Room for 19 digits and group separators; longer input is not a card number. */
  private static final int MAX_BANK_CARD_CHARS = 48;

  private static final int MAX_EMAIL_CHARS = 254;
  private static final int MAX_EMAIL_LOCAL_CHARS = 64;
  private static final int MAX_EMAIL_LABEL_CHARS = 63;

  /**
   * The longest administrative unit name kept in an address, marker included: long enough for
   * {@code 新疆维吾尔自治区} or {@code 恩施土家族苗族自治州}; a longer unit is not kept, which masks more rather than
   * less.
   */
  private static final int MAX_ADDRESS_UNIT = 10;

  /** Decimal widths with more quotient digits than this are computed without dividing. */
  private static final int MAX_QUOTIENT_DIGITS = 1000;

  private static final int MAX_AGE_BAND_WIDTH = 100;

  private static final int EARLIEST_BIRTH_YEAR = 1800;

  /** Two-character surnames kept whole (simplified and traditional spellings). */
  private static final Set<String> COMPOUND_SURNAMES =
      Set.of(
          "欧阳", "歐陽", "太史", "端木", "上官", "司马", "司馬", "东方", "東方", "独孤", "獨孤", "南宫", "南宮", "万俟", "萬俟",
          "闻人", "聞人", "夏侯", "诸葛", "諸葛", "尉迟", "尉遲", "公羊", "赫连", "赫連", "澹台", "皇甫", "宗政", "濮阳", "濮陽",
          "公冶", "太叔", "申屠", "公孙", "公孫", "慕容", "仲孙", "仲孫", "钟离", "鍾離", "长孙", "長孫", "宇文", "司徒", "鲜于",
          "鮮于", "司空", "闾丘", "閭丘", "子车", "子車", "亓官", "司寇", "巫马", "巫馬", "公西", "颛孙", "顓孫", "壤驷", "壤駟",
          "公良", "漆雕", "乐正", "樂正", "宰父", "谷梁", "穀梁", "拓跋", "夹谷", "夾谷", "轩辕", "軒轅", "令狐", "段干", "百里",
          "呼延", "东郭", "東郭", "南门", "南門", "羊舌", "微生", "公仪", "公儀", "梁丘", "左丘", "西门", "西門", "第五", "东里",
          "東里", "即墨", "达奚", "達奚", "褚师", "褚師");

  /** Separators of transliterated minority and foreign names written in Han characters. */
  private static final String NAME_DOTS = "·•‧・．.";

  private static final Set<String> MUNICIPALITIES = Set.of("北京市", "天津市", "上海市", "重庆市", "重慶市");

  /** Characters of streets, villages and buildings: a unit holding one is not administrative. */
  private static final String STREET_CHARACTERS = "镇鎮乡鄉街路巷弄村号號楼樓室栋棟幢";

  /** Endings with {@code 区} that name a place inside a district, not a district. */
  private static final Set<String> NON_DISTRICT_ENDINGS =
      Set.of("小区", "社区", "园区", "校区", "厂区", "景区", "街区", "小區", "社區", "園區", "校區", "廠區", "景區", "街區");

  private Masking() {}

  /**
   * Masks an 18-character PRC resident ID to its region code and last four characters: {@code
   * 110101********1234}. The eight characters of the birth date are hidden. The check character may
   * be {@code X} or {@code x}; the checksum is not verified, since a wrong one reveals no more.
   *
   * @return the masked ID, {@value #MASKED_ID_CARD} for any other text (15-digit first-generation
   *     IDs included, whose birth date sits elsewhere), or null for null
   */
  public static @Nullable String maskIdCard(@Nullable String idCard) {
    if (idCard == null) {
      return null;
    }
    if (idCard.length() != 18 || !isAsciiDigits(idCard, 0, 17)) {
      return MASKED_ID_CARD;
    }
    char check = idCard.charAt(17);
    if (!isAsciiDigit(check) && check != 'X' && check != 'x') {
      return MASKED_ID_CARD;
    }
    return idCard.substring(0, 6) + "********" + idCard.substring(14);
  }

  /**
   * Masks a mainland mobile number to its first three and last four digits: {@code 138****5678}.
   * Spaces and dashes are removed and a {@code +86} or {@code 86} prefix is dropped first, so
   * {@code +86 138-1234-5678} masks like {@code 13812345678}.
   *
   * @return the masked number, {@value #MASKED_PHONE} for text that is not then 11 digits starting
   *     with 13 to 19, or null for null
   */
  public static @Nullable String maskPhone(@Nullable String phone) {
    if (phone == null) {
      return null;
    }
    if (phone.length() > MAX_PHONE_CHARS) {
      return MASKED_PHONE;
    }
    StringBuilder kept = new StringBuilder(phone.length());
    for (int i = 0; i < phone.length(); i++) {
      char c = phone.charAt(i);
      if (c != ' ' && c != '-') {
        kept.append(c);
      }
    }
    String digits = kept.toString();
    if (digits.startsWith("+86")) {
      digits = digits.substring(3);
    } else if (digits.length() == 13 && digits.startsWith("86")) {
      digits = digits.substring(2);
    }
    if (digits.length() != 11
        || !isAsciiDigits(digits, 0, 11)
        || digits.charAt(0) != '1'
        || digits.charAt(1) < '3') {
      return MASKED_PHONE;
    }
    return digits.substring(0, 3) + "****" + digits.substring(7);
  }

  /**
   * Masks a person's name, keeping the surname.
   *
   * <ul>
   *   <li>A Han name keeps its first character, or its first two when they are a compound surname
   *       ({@code 欧阳}, {@code 司马}…) and a given name follows, and shows one {@code *} per hidden
   *       character, at most three: {@code 张*}, {@code 王**}, {@code 欧阳**}; a one-character name
   *       gives {@code *}.
   *   <li>A Han name with a separating dot (minority and foreign names, {@code 买买提·艾力}) keeps its
   *       first character: {@code 买***}.
   *   <li>A Latin-script name (letters, combining marks, spaces, {@code -}, {@code '}, {@code .})
   *       keeps its first letter: {@code J***}.
   * </ul>
   *
   * <p>The name is stripped of surrounding white space and put in NFC first, so a decomposed accent
   * stays with its letter. Anything else (digits, emoji, mixed scripts, a stray mark, an empty
   * name, more than 256 characters) gives {@value #MASKED_NAME}.
   *
   * @return the masked name, or null for null
   */
  public static @Nullable String maskName(@Nullable String name) {
    if (name == null) {
      return null;
    }
    if (name.length() > MAX_NAME_CHARS) {
      return MASKED_NAME;
    }
    String text = Normalizer.normalize(name.strip(), Normalizer.Form.NFC);
    if (text.isEmpty()) {
      return MASKED_NAME;
    }
    int first = text.codePointAt(0);
    if (isHan(first)) {
      return maskHanName(text);
    }
    if (isLatinLetter(first) && text.codePoints().allMatch(Masking::isLatinNameCodePoint)) {
      return Character.toString(first) + "***";
    }
    return MASKED_NAME;
  }

  private static String maskHanName(String text) {
    int length = text.codePointCount(0, text.length());
    if (text.codePoints().allMatch(Masking::isHan)) {
      if (length == 1) {
        return "*";
      }
      int end = text.offsetByCodePoints(0, 2);
      int kept = length >= 3 && COMPOUND_SURNAMES.contains(text.substring(0, end)) ? 2 : 1;
      return text.substring(0, text.offsetByCodePoints(0, kept))
          + "*".repeat(Math.min(length - kept, MAX_NAME_STARS));
    }
    boolean dotted =
        text.codePoints().allMatch(c -> isHan(c) || NAME_DOTS.indexOf(c) >= 0)
            && text.codePoints().anyMatch(c -> NAME_DOTS.indexOf(c) >= 0);
    return dotted ? text.substring(0, text.offsetByCodePoints(0, 1)) + "***" : MASKED_NAME;
  }

  /**
   * Masks a Chinese postal address to its administrative prefix and four {@code *}: {@code
   * 北京市朝阳区****}, {@code 广东省深圳市南山区****}.
   *
   * <p>The prefix is read as up to three units of Han characters, each ending at its first marker:
   * a province ({@code 省}, {@code 自治区}, {@code 特别行政区}) or municipality ({@code 北京市}, {@code 天津市},
   * {@code 上海市}, {@code 重庆市}); then a prefecture ({@code 市}, {@code 州}, {@code 盟}, {@code 地区});
   * then a district ({@code 区}, {@code 县}, {@code 旗}, or {@code 市} after a prefecture), after which
   * nothing more is kept. A unit is at most ten characters and holds no street or building
   * character ({@code 路}, {@code 街}, {@code 号}, {@code 村}…); a unit ending in {@code 小区}, {@code
   * 社区} and the like is a compound, not a district. Reading stops at the first text that is not
   * such a unit, so an unusual address keeps less, never more. An address with no such prefix (a
   * foreign or free-form one, an empty string) gives {@code ****}.
   *
   * @return the masked address, or null for null
   */
  public static @Nullable String maskAddress(@Nullable String address) {
    if (address == null) {
      return null;
    }
    int kept = 0;
    AddressLevel level = AddressLevel.START;
    while (level != AddressLevel.DISTRICT) {
      int end = addressUnitEnd(address, kept);
      if (end < 0) {
        break;
      }
      AddressLevel next = level.next(address.substring(kept, end));
      if (next == null) {
        break;
      }
      level = next;
      kept = end;
    }
    return address.substring(0, kept) + ADDRESS_REST;
  }

  /**
   * Returns the end of the administrative unit starting at {@code start}: Han characters up to and
   * including the first marker after the first character, or -1 if there is none.
   */
  private static int addressUnitEnd(String address, int start) {
    int i = start;
    for (int count = 0; count < MAX_ADDRESS_UNIT && i < address.length(); count++) {
      int c = address.codePointAt(i);
      if (!isHan(c) || STREET_CHARACTERS.indexOf(c) >= 0) {
        return -1;
      }
      i += Character.charCount(c);
      if (count > 0 && "省市区區县縣州盟旗".indexOf(c) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /** The administrative level an address prefix has reached. */
  private enum AddressLevel {
    START,
    PROVINCE,
    MUNICIPALITY,
    PREFECTURE,
    DISTRICT;

    /** Returns the level {@code unit} reaches from this one, or null if it cannot follow. */
    @Nullable AddressLevel next(String unit) {
      boolean province =
          unit.endsWith("省")
              || unit.endsWith("自治区")
              || unit.endsWith("自治區")
              || unit.endsWith("特别行政区")
              || unit.endsWith("特別行政區");
      boolean prefecture =
          unit.endsWith("市")
              || unit.endsWith("州")
              || unit.endsWith("盟")
              || unit.endsWith("地区")
              || unit.endsWith("地區");
      boolean district =
          !province
              && !prefecture
              && !NON_DISTRICT_ENDINGS.contains(unit.substring(unit.length() - 2))
              && (unit.endsWith("区")
                  || unit.endsWith("區")
                  || unit.endsWith("县")
                  || unit.endsWith("縣")
                  || unit.endsWith("旗"));
      return switch (this) {
        case START ->
            province
                ? PROVINCE
                : MUNICIPALITIES.contains(unit)
                    ? MUNICIPALITY
                    : prefecture ? PREFECTURE : orNull(district);
        case PROVINCE -> prefecture ? PREFECTURE : orNull(district);
        case MUNICIPALITY -> orNull(district);
        case PREFECTURE -> orNull(district || unit.endsWith("市"));
        case DISTRICT -> null;
      };
    }

    private static @Nullable AddressLevel orNull(boolean district) {
      return district ? DISTRICT : null;
    }
  }

  /**
   * Masks a bank card number to its first six and last four digits, one {@code *} per hidden digit:
   * {@code 622202******1234}. Spaces between digit groups are removed first; the Luhn check is not
   * verified, since a wrong one reveals no more.
   *
   * @return the masked number, {@value #MASKED_BANK_CARD} for text that is not then 12 to 19 ASCII
   *     digits, or null for null
   */
  public static @Nullable String maskBankCard(@Nullable String bankCard) {
    if (bankCard == null) {
      return null;
    }
    if (bankCard.length() > MAX_BANK_CARD_CHARS) {
      return MASKED_BANK_CARD;
    }
    String digits = bankCard.replace(" ", "");
    if (digits.length() < 12
        || digits.length() > 19
        || !isAsciiDigits(digits, 0, digits.length())) {
      return MASKED_BANK_CARD;
    }
    return digits.substring(0, 6)
        + "*".repeat(digits.length() - 10)
        + digits.substring(digits.length() - 4);
  }

  /**
   * Masks an email address to the first character of its local part, {@code ***} and its domain:
   * {@code z***@example.com}.
   *
   * <p>Well-formed here means at most 254 characters with exactly one {@code @}; a local part of 1
   * to 64 characters without white space, control characters or unpaired surrogates; and a domain
   * of at least two dot-separated labels of letters, digits and inner hyphens, each 1 to 63
   * characters (internationalized labels allowed). The domain is shown as written.
   *
   * @return the masked address, {@value #MASKED_EMAIL} for anything else, or null for null
   */
  public static @Nullable String maskEmail(@Nullable String email) {
    if (email == null) {
      return null;
    }
    if (email.length() > MAX_EMAIL_CHARS) {
      return MASKED_EMAIL;
    }
    int at = email.indexOf('@');
    if (at < 1
        || at > MAX_EMAIL_LOCAL_CHARS
        || email.indexOf('@', at + 1) >= 0
        || !email.substring(0, at).codePoints().allMatch(Masking::isEmailLocalCodePoint)
        || !isDomain(email.substring(at + 1))) {
      return MASKED_EMAIL;
    }
    return Character.toString(email.codePointAt(0)) + "***" + email.substring(at);
  }

  private static boolean isDomain(String domain) {
    String[] labels = domain.split("\\.", -1);
    if (labels.length < 2) {
      return false;
    }
    for (String label : labels) {
      if (label.isEmpty()
          || label.length() > MAX_EMAIL_LABEL_CHARS
          || label.startsWith("-")
          || label.endsWith("-")
          || !label.codePoints().allMatch(c -> c == '-' || Character.isLetterOrDigit(c))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns a stable pseudonym of {@code value} under {@code key}: the first 16 bytes of
   * HMAC-SHA256 over the value's UTF-8 bytes, as 32 lower-case hex digits. Equal values under one
   * key give equal pseudonyms, so they still join and count; without the key a pseudonym cannot be
   * reversed or checked against a guess.
   *
   * <p>Unpaired surrogates, which UTF-8 cannot encode, are encoded as their three-byte generalized
   * UTF-8 form rather than replaced, so distinct strings never share a pseudonym through
   * replacement.
   *
   * @return the pseudonym, or null for a null value
   * @throws IllegalArgumentException if the key is shorter than {@value #MIN_PSEUDONYM_KEY_BYTES}
   *     bytes
   */
  public static @Nullable String pseudonym(byte[] key, @Nullable String value) {
    Objects.requireNonNull(key, "key");
    if (key.length < MIN_PSEUDONYM_KEY_BYTES) {
      throw new IllegalArgumentException(MaskingMessages.PSEUDONYM_KEY_TOO_SHORT);
    }
    if (value == null) {
      return null;
    }
    byte[] mac;
    try {
      Mac hmac = Mac.getInstance("HmacSHA256");
      hmac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac = hmac.doFinal(generalizedUtf8(value));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
    return HexFormat.of().formatHex(mac, 0, PSEUDONYM_BYTES);
  }

  /** Encodes as UTF-8, but writes an unpaired surrogate as its own three bytes (WTF-8). */
  private static byte[] generalizedUtf8(String value) {
    if (value.codePoints().noneMatch(Masking::isSurrogate)) {
      return value.getBytes(StandardCharsets.UTF_8);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length() * 3);
    value
        .codePoints()
        .forEach(
            c -> {
              if (isSurrogate(c)) {
                out.write(0xE0 | (c >> 12));
                out.write(0x80 | ((c >> 6) & 0x3F));
                out.write(0x80 | (c & 0x3F));
              } else {
                byte[] bytes = Character.toString(c).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
              }
            });
    return out.toByteArray();
  }

  /**
   * Returns the six-digit region code of a well-formed resident ID: 17 ASCII digits and a check
   * character ({@code 0}–{@code 9} or upper-case {@code X}, as the import check requires) that
   * matches {@link PiiFormats#residentIdCheckCharacter}, and a birth date that is a real date from
   * 1800-01-01. Whether the birth date is in the future is not checked: this function has no clock.
   *
   * @return the region code, or null for null or any other text
   */
  public static @Nullable String idRegion(@Nullable String idCard) {
    if (idCard == null || idCard.length() != 18 || !isAsciiDigits(idCard, 0, 17)) {
      return null;
    }
    if (idCard.charAt(17) != PiiFormats.residentIdCheckCharacter(idCard.subSequence(0, 17))) {
      return null;
    }
    int year = Integer.parseInt(idCard, 6, 10, 10);
    int month = Integer.parseInt(idCard, 10, 12, 10);
    int day = Integer.parseInt(idCard, 12, 14, 10);
    if (year < EARLIEST_BIRTH_YEAR
        || month < 1
        || month > 12
        || day < 1
        || day > YearMonth.of(year, month).lengthOfMonth()) {
      return null;
    }
    return idCard.substring(0, 6);
  }

  /**
   * Returns the age band of a person born on {@code birthDate} as of {@code asOf}: whole years of
   * age, rounded down to a multiple of {@code width}, as {@code 30-39} (width 10), {@code 30-34}
   * (width 5) or {@code 30} (width 1). Someone born on 29 February turns a year older on 1 March in
   * common years.
   *
   * @return the band, or null if either date is null or the birth is after {@code asOf}
   * @throws IllegalArgumentException unless {@code width} is 1, 2, 5, 10, 20, 50 or 100
   */
  public static @Nullable String ageBand(
      @Nullable LocalDate birthDate, @Nullable LocalDate asOf, int width) {
    if (width < 1 || width > MAX_AGE_BAND_WIDTH || !isOnGrid(BigDecimal.valueOf(width))) {
      throw new IllegalArgumentException(MaskingMessages.AGE_BAND_WIDTH);
    }
    if (birthDate == null || asOf == null || birthDate.isAfter(asOf)) {
      return null;
    }
    long age = ChronoUnit.YEARS.between(birthDate, asOf);
    long lower = age / width * width;
    return width == 1 ? Long.toString(lower) : lower + "-" + (lower + width - 1);
  }

  /**
   * Truncates {@code date} to the first day of its year ({@code YEAR}) or month ({@code MONTH});
   * the unit is read case-insensitively.
   *
   * @return the truncated date, or null for a null date
   * @throws IllegalArgumentException unless {@code unit} is {@code YEAR} or {@code MONTH}
   */
  public static @Nullable LocalDate truncateDate(@Nullable LocalDate date, @Nullable String unit) {
    String normalized = unit == null ? "" : unit.toUpperCase(Locale.ROOT);
    boolean year = normalized.equals("YEAR");
    if (!year && !normalized.equals("MONTH")) {
      throw new IllegalArgumentException(MaskingMessages.TRUNCATE_DATE_UNIT);
    }
    if (date == null) {
      return null;
    }
    return year ? date.withDayOfYear(1) : date.withDayOfMonth(1);
  }

  /**
   * Returns whether {@code value} is on the grid of round numbers: zero, or a value whose absolute
   * value is 1, 2 or 5 × 10ⁿ for some integer n (…, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, …).
   * Scale does not matter: {@code 10}, {@code 10.00} and {@code 1E+1} are all on it. Bucket widths
   * must be positive grid values; the policy also uses the grid to accept comparison constants that
   * cannot single out a value.
   *
   * @return whether the value is on the grid; false for null
   */
  public static boolean isOnGrid(@Nullable BigDecimal value) {
    if (value == null) {
      return false;
    }
    if (value.signum() == 0) {
      return true;
    }
    BigInteger unscaled = value.abs().stripTrailingZeros().unscaledValue();
    return unscaled.equals(BigInteger.ONE)
        || unscaled.equals(BigInteger.TWO)
        || unscaled.equals(BigInteger.valueOf(5));
  }

  /**
   * Returns the smallest value on the grid (1, 2 or 5 × 10ⁿ) that is at least {@code x}.
   *
   * @throws IllegalArgumentException unless {@code x} is positive
   */
  public static BigDecimal gridAtLeast(BigDecimal x) {
    if (x.signum() <= 0) {
      throw new IllegalArgumentException("the grid starts above zero");
    }
    // x = m × 10ᵉ with 1 ≤ m < 10: the answer is 1, 2, 5 or 10 × 10ᵉ.
    int exponent = x.precision() - x.scale() - 1;
    BigDecimal power = BigDecimal.ONE.scaleByPowerOfTen(exponent);
    for (int step : new int[] {1, 2, 5, 10}) {
      BigDecimal candidate = power.multiply(BigDecimal.valueOf(step));
      if (candidate.compareTo(x) >= 0) {
        return candidate.stripTrailingZeros();
      }
    }
    throw new AssertionError("10 × 10ᵉ exceeds every m × 10ᵉ below it");
  }

  /**
   * Returns {@code x} rounded down to a multiple of {@code width}: {@code floor(x / width) ×
   * width}, with negative values rounded toward −∞ ({@code bucket(-1, 10)} is {@code -10}). The
   * result has the scale of {@code width} unless {@code x} is already a multiple of ten times the
   * width and too large to rescale cheaply, in which case it is {@code x} itself.
   *
   * @return the bucket's lower bound, or null for a null {@code x}
   * @throws IllegalArgumentException unless {@code width} is positive and {@linkplain #isOnGrid on
   *     the grid}
   */
  public static @Nullable BigDecimal bucket(@Nullable BigDecimal x, @Nullable BigDecimal width) {
    if (width == null || width.signum() <= 0 || !isOnGrid(width)) {
      throw new IllegalArgumentException(MaskingMessages.BUCKET_WIDTH);
    }
    if (x == null) {
      return null;
    }
    if (x.abs().compareTo(width) < 0) {
      // Dividing a value with a huge scale would first rescale the width to it; no need.
      return x.signum() >= 0 ? BigDecimal.ZERO.setScale(width.scale()) : width.negate();
    }
    // width = d × 10ⁿ with d in {1, 2, 5}; x = u × 10⁻ˢ.
    long exponent = -(long) width.stripTrailingZeros().scale();
    long quotientDigits = (long) x.precision() - x.scale() - exponent;
    if (quotientDigits > MAX_QUOTIENT_DIGITS && -(long) x.stripTrailingZeros().scale() > exponent) {
      // A multiple of 10ⁿ⁺¹ is a multiple of the width; dividing would build a huge quotient.
      return x;
    }
    return x.divide(width, 0, RoundingMode.FLOOR).multiply(width);
  }

  /**
   * Returns {@code x} rounded down to a multiple of {@code width}, as {@link #bucket(BigDecimal,
   * BigDecimal)} does.
   *
   * @throws IllegalArgumentException unless {@code width} is positive and on the grid
   * @throws ArithmeticException if the bucket of a value near {@link Long#MIN_VALUE} is below it
   */
  public static long bucket(long x, long width) {
    if (width <= 0 || !isOnGrid(BigDecimal.valueOf(width))) {
      throw new IllegalArgumentException(MaskingMessages.BUCKET_WIDTH);
    }
    long quotient = Math.floorDiv(x, width);
    if (quotient < Long.MIN_VALUE / width) {
      throw new ArithmeticException(MaskingMessages.BUCKET_OVERFLOW);
    }
    return quotient * width;
  }

  /**
   * Returns {@code x} rounded down to a multiple of {@code width}. Both are read as the shortest
   * decimals that name them ({@code 0.7} and {@code 0.1}, not the binary fractions nearest them, so
   * {@code bucket(0.7, 0.1)} is {@code 0.7}); the bucket is computed exactly in decimal, then
   * rounded to the nearest double, so the result never exceeds {@code x}. NaN and infinities are
   * returned as they are.
   *
   * @throws IllegalArgumentException unless {@code width} is finite, positive and on the grid
   */
  public static double bucket(double x, double width) {
    if (!Double.isFinite(width) || width <= 0 || !isOnGrid(BigDecimal.valueOf(width))) {
      throw new IllegalArgumentException(MaskingMessages.BUCKET_WIDTH);
    }
    if (!Double.isFinite(x)) {
      return x;
    }
    BigDecimal bucket = bucket(BigDecimal.valueOf(x), BigDecimal.valueOf(width));
    return Objects.requireNonNull(bucket).doubleValue();
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isAsciiDigits(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!isAsciiDigit(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHan(int codePoint) {
    return Character.UnicodeScript.of(codePoint) == Character.UnicodeScript.HAN;
  }

  private static boolean isLatinLetter(int codePoint) {
    return Character.isLetter(codePoint)
        && Character.UnicodeScript.of(codePoint) == Character.UnicodeScript.LATIN;
  }

  private static boolean isLatinNameCodePoint(int codePoint) {
    return isLatinLetter(codePoint)
        || Character.getType(codePoint) == Character.NON_SPACING_MARK
        || codePoint == ' '
        || codePoint == '-'
        || codePoint == '\''
        || codePoint == '.';
  }

  /** Returns whether a code point of {@link String#codePoints} is an unpaired surrogate. */
  private static boolean isSurrogate(int codePoint) {
    return codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE;
  }

  private static boolean isEmailLocalCodePoint(int codePoint) {
    return !Character.isWhitespace(codePoint)
        && !Character.isSpaceChar(codePoint)
        && !Character.isISOControl(codePoint)
        && !isSurrogate(codePoint)
        && Character.getType(codePoint) != Character.FORMAT;
  }
}
