package org.elementvault.sandbox.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.elementvault.engine.dataset.PiiFormats;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class MaskingTest {

  private static final long SEED = 20_250_630L;
  private static final int MEGABYTE = 1 << 20;

  /** A resident ID with a random region, birth date (1900 to 2024), sequence and its check. */
  private static String residentId(SplittableRandom random) {
    String region = (1 + random.nextInt(8)) + digits(random, 5);
    LocalDate birth = LocalDate.of(1900, 1, 1).plusDays(random.nextInt(125 * 365));
    String first17 = region + birth.toString().replace("-", "") + digits(random, 3);
    return first17 + PiiFormats.residentIdCheckCharacter(first17);
  }

  private static String digits(SplittableRandom random, int count) {
    StringBuilder digits = new StringBuilder(count);
    for (int i = 0; i < count; i++) {
      digits.append((char) ('0' + random.nextInt(10)));
    }
    return digits.toString();
  }

  /** Values no masking function may throw on or echo. */
  static Stream<String> hostileValues() {
    return Stream.of(
        "",
        " ",
        "\u0000",
        "\uD800",
        "\uDC00\uD800",
        "😀",
        "e\u0301",
        "\u202E12345678901",
        "' OR 1=1 --",
        "%s%n",
        "x".repeat(MEGABYTE),
        "张".repeat(MEGABYTE),
        "1".repeat(MEGABYTE),
        "@".repeat(MEGABYTE));
  }

  static Stream<Arguments> masksAndHostileValues() {
    Stream<UnaryOperator<String>> masks =
        Stream.of(
            Masking::maskIdCard,
            Masking::maskPhone,
            Masking::maskName,
            Masking::maskAddress,
            Masking::maskBankCard,
            Masking::maskEmail);
    return masks.flatMap(mask -> hostileValues().map(value -> Arguments.of(mask, value)));
  }

  /** Hostile text must neither throw nor come back longer than a well-formed mask could be. */
  @ParameterizedTest
  @MethodSource("masksAndHostileValues")
  void masks_hostileValue_giveShortMask(UnaryOperator<String> mask, String value) {
    String masked = mask.apply(value);

    assertThat(masked).isNotNull().hasSizeLessThanOrEqualTo(64);
  }

  @Test
  void masks_null_giveNull() {
    assertThat(Masking.maskIdCard(null)).isNull();
    assertThat(Masking.maskPhone(null)).isNull();
    assertThat(Masking.maskName(null)).isNull();
    assertThat(Masking.maskAddress(null)).isNull();
    assertThat(Masking.maskBankCard(null)).isNull();
    assertThat(Masking.maskEmail(null)).isNull();
    assertThat(Masking.idRegion(null)).isNull();
  }

  @Nested
  class MaskIdCard {

    @ParameterizedTest
    @CsvSource({
      "11010519491231002X, 110105********002X",
      "440524188001010014, 440524********0014",
      "11010519491231002x, 110105********002x",
      "110101199003071234, 110101********1234"
    })
    void maskIdCard_wellFormed_keepsRegionAndLastFour(String id, String masked) {
      assertThat(Masking.maskIdCard(id)).isEqualTo(masked);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
        strings = {
          "11010519491231002",
          "11010519491231002X1",
          "110105491231002",
          "11010519491231002A",
          "1101051949123100XX",
          "X10105194912310021",
          " 11010519491231002X",
          "１１０１０５１９４９１２３１００２Ｘ",
          "1101051949123100😀",
          "110105-1949123100X"
        })
    void maskIdCard_malformed_isFullyMaskedWithFixedLength(String id) {
      String masked = Masking.maskIdCard(id);

      if (id == null) {
        assertThat(masked).isNull();
      } else {
        assertThat(masked).isEqualTo("******************");
      }
    }

    @Test
    void maskIdCard_megabyte_isFullyMasked() {
      assertThat(Masking.maskIdCard("1".repeat(MEGABYTE))).isEqualTo("******************");
    }

    /** Property: 1,000 valid IDs keep exactly region and last four; the birth date never shows. */
    @Test
    void maskIdCard_randomValidIds_hideBirthDate() {
      SplittableRandom random = new SplittableRandom(SEED);

      for (int i = 0; i < 1_000; i++) {
        String id = residentId(random);
        String masked = Masking.maskIdCard(id);

        assertThat(masked)
            .as("seed %d, id #%d", SEED, i)
            .isEqualTo(id.substring(0, 6) + "********" + id.substring(14))
            .doesNotContain(id.substring(6, 14));
      }
    }
  }

  @Nested
  class MaskPhone {

    @ParameterizedTest
    @ValueSource(
        strings = {
          "13812345678",
          "+8613812345678",
          "8613812345678",
          "+86 138 1234 5678",
          "138-1234-5678",
          "+86-138-1234-5678",
          " 138 1234 5678 "
        })
    void maskPhone_mobileInAnyCommonSpelling_keepsFirstThreeAndLastFour(String phone) {
      assertThat(Masking.maskPhone(phone)).isEqualTo("138****5678");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "",
          "12812345678",
          "23812345678",
          "1381234567",
          "138123456789",
          "+8513812345678",
          "008613812345678",
          "138.1234.5678",
          "138\t1234\t5678",
          "１３８１２３４５６７８",
          "+86",
          "86",
          "1381234567😀",
          "1-3-8-1-2-3-4-5-6-7-8-9-0-1-2-3-4-5"
        })
    void maskPhone_malformed_isFullyMasked(String phone) {
      assertThat(Masking.maskPhone(phone)).isEqualTo("***********");
    }

    @Test
    void maskPhone_megabyteOfDigits_isFullyMasked() {
      assertThat(Masking.maskPhone("1".repeat(MEGABYTE))).isEqualTo("***********");
    }

    @Test
    void maskPhone_randomMobiles_keepExactlyFirstThreeAndLastFour() {
      SplittableRandom random = new SplittableRandom(SEED);

      for (int i = 0; i < 1_000; i++) {
        String phone = "1" + (3 + random.nextInt(7)) + digits(random, 9);

        assertThat(Masking.maskPhone(phone))
            .as("seed %d, phone #%d", SEED, i)
            .isEqualTo(phone.substring(0, 3) + "****" + phone.substring(7));
      }
    }
  }

  @Nested
  class MaskName {

    @ParameterizedTest
    @CsvSource({
      "张三, 张*",
      "王小明, 王**",
      "张三丰四, 张***",
      "爱新觉罗溥仪, 爱***",
      "欧阳娜娜, 欧阳**",
      "欧阳修, 欧阳*",
      "司马相如, 司马**",
      "诸葛亮, 诸葛*",
      "上官婉儿, 上官**",
      "歐陽修, 歐陽*",
      "令狐冲, 令狐*",
      "欧阳, 欧*",
      "张, *"
    })
    void maskName_hanName_keepsSurname(String name, String masked) {
      assertThat(Masking.maskName(name)).isEqualTo(masked);
    }

    @ParameterizedTest
    @CsvSource({"买买提·艾力, 买***", "阿沛•阿旺晋美, 阿***", "玛丽\u30FB居里, 玛***", "迪丽热巴.迪力木拉提, 迪***"})
    void maskName_dottedHanName_keepsFirstCharacter(String name, String masked) {
      assertThat(Masking.maskName(name)).isEqualTo(masked);
    }

    @ParameterizedTest
    @CsvSource({
      "John Smith, J***",
      "O'Brien, O***",
      "Jean-Luc Picard, J***",
      "J. R. R. Tolkien, J***",
      "Łukasz, Ł***",
      "Émile, É***",
      "j, j***"
    })
    void maskName_latinName_keepsFirstLetter(String name, String masked) {
      assertThat(Masking.maskName(name)).isEqualTo(masked);
    }

    @Test
    void maskName_decomposedAccent_staysWithItsLetter() {
      assertThat(Masking.maskName("E\u0301mile")).isEqualTo("É***");
    }

    @Test
    void maskName_surroundingWhiteSpace_isStripped() {
      assertThat(Masking.maskName(" \t张三\u3000")).isEqualTo("张*");
    }

    /** Extension B characters are surrogate pairs: each counts as one character. */
    @ParameterizedTest
    @CsvSource({"𠀀三, 𠀀*", "王𠀀, 王*", "王𠀀𠀁, 王**", "𪚥𪚥𪚥𪚥𪚥, 𪚥***"})
    void maskName_supplementaryHan_countsCodePoints(String name, String masked) {
      assertThat(Masking.maskName(name)).isEqualTo(masked);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "",
          "   ",
          "张3",
          "张San",
          "😀",
          "张😀",
          "😀张",
          "\u0301张",
          "张\u0301",
          "\uD800",
          "张\uD800",
          "·张",
          "张·3",
          "123",
          "John2",
          "John😀",
          "Иван",
          "John\u0000"
        })
    void maskName_notAName_isFullyMasked(String name) {
      assertThat(Masking.maskName(name)).isEqualTo("***");
    }

    @Test
    void maskName_megabyteOfHan_isFullyMasked() {
      assertThat(Masking.maskName("张".repeat(MEGABYTE))).isEqualTo("***");
    }

    /** Property: random Han names keep one character and show one star per hidden one (≤ 3). */
    @Test
    void maskName_randomHanNames_keepOnlyTheSurname() {
      SplittableRandom random = new SplittableRandom(SEED);

      for (int i = 0; i < 1_000; i++) {
        int length = 2 + random.nextInt(4);
        StringBuilder name = new StringBuilder();
        // 一 to 龥 with 又 first, so no compound surname can start it.
        name.append('又');
        for (int j = 1; j < length; j++) {
          name.appendCodePoint(0x4E00 + random.nextInt(0x9FA5 - 0x4E00 + 1));
        }

        assertThat(Masking.maskName(name.toString()))
            .as("seed %d, name #%d", SEED, i)
            .isEqualTo("又" + "*".repeat(Math.min(length - 1, 3)));
      }
    }
  }

  @Nested
  class MaskAddress {

    @ParameterizedTest
    @CsvSource({
      "北京市朝阳区建国路88号, 北京市朝阳区****",
      "北京市朝阳区, 北京市朝阳区****",
      "上海市浦东新区张江路1号, 上海市浦东新区****",
      "重庆市渝中区解放碑, 重庆市渝中区****",
      "广东省深圳市南山区科技园路1号, 广东省深圳市南山区****",
      "浙江省杭州市西湖区文三路, 浙江省杭州市西湖区****",
      "山东省济南市市中区经四路, 山东省济南市市中区****",
      "新疆维吾尔自治区乌鲁木齐市天山区解放南路, 新疆维吾尔自治区乌鲁木齐市天山区****",
      "四川省甘孜藏族自治州康定市炉城镇, 四川省甘孜藏族自治州康定市****",
      "内蒙古自治区鄂尔多斯市伊金霍洛旗, 内蒙古自治区鄂尔多斯市伊金霍洛旗****",
      "西藏自治区阿里地区噶尔县, 西藏自治区阿里地区噶尔县****",
      "香港特别行政区中西区皇后大道中, 香港特别行政区中西区****",
      "河北省正定县常山路, 河北省正定县****",
      "深圳市南山区科技园, 深圳市南山区****",
      "朝阳区建国路, 朝阳区****"
    })
    void maskAddress_chineseAddress_keepsAdministrativePrefix(String address, String masked) {
      assertThat(Masking.maskAddress(address)).isEqualTo(masked);
    }

    /** A 区 or 市 inside a street or compound name must not pull the street into the prefix. */
    @ParameterizedTest
    @CsvSource({
      "北京市农贸市场1号, 北京市****",
      "北京市朝阳小区5号楼, 北京市****",
      "江苏省昆山市玉山镇朝阳小区, 江苏省昆山市****",
      "上海市建国路小区, 上海市****",
      "广东省深圳市科技园区1号, 广东省深圳市****",
      "云南省临沧市双江拉祜族佤族布朗族傣族自治县, 云南省临沧市****",
      "北京市😀朝阳区, 北京市****"
    })
    void maskAddress_streetLookingLikeUnit_keepsLess(String address, String masked) {
      assertThat(Masking.maskAddress(address)).isEqualTo(masked);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {"", "建国路88号", "1600 Amphitheatre Parkway", "市", "路口区", "😀北京市朝阳区", " 北京市朝阳区"})
    void maskAddress_noAdministrativePrefix_isFullyMasked(String address) {
      assertThat(Masking.maskAddress(address)).isEqualTo("****");
    }

    @Test
    void maskAddress_restOfAnyLength_givesSameMask() {
      String shortRest = Masking.maskAddress("北京市朝阳区建国路1号");
      String longRest = Masking.maskAddress("北京市朝阳区建国路1号院2号楼3单元401室东侧第二个门");

      assertThat(shortRest).isEqualTo(longRest);
    }

    @Test
    void maskAddress_megabyte_keepsAtMostThreeUnits() {
      String address = "北京市朝阳区" + "路".repeat(MEGABYTE);

      assertThat(Masking.maskAddress(address)).isEqualTo("北京市朝阳区****");
    }
  }

  @Nested
  class MaskBankCard {

    @ParameterizedTest
    @CsvSource({
      "6222021234567890, 622202******7890",
      "6222021234567890123, 622202*********0123",
      "6222 0212 3456 7890, 622202******7890",
      "6222 0212 3456 7890 123, 622202*********0123",
      "123456789012, 123456**9012"
    })
    void maskBankCard_wellFormed_keepsFirstSixAndLastFour(String card, String masked) {
      assertThat(Masking.maskBankCard(card)).isEqualTo(masked);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "",
          "12345678901",
          "12345678901234567890",
          "6222-0212-3456-7890",
          "6222\t0212\t3456\t7890",
          "622202123456789A",
          "６２２２０２１２３４５６７８９０",
          "62220212345678😀",
          "+622202123456789"
        })
    void maskBankCard_malformed_isFullyMaskedWithFixedLength(String card) {
      assertThat(Masking.maskBankCard(card)).isEqualTo("****************");
    }

    @Test
    void maskBankCard_megabyteOfDigits_isFullyMasked() {
      assertThat(Masking.maskBankCard("6".repeat(MEGABYTE))).isEqualTo("****************");
    }

    @Test
    void maskBankCard_randomCards_keepExactlyFirstSixAndLastFour() {
      SplittableRandom random = new SplittableRandom(SEED);

      for (int i = 0; i < 1_000; i++) {
        String card = digits(random, 12 + random.nextInt(8));

        assertThat(Masking.maskBankCard(card))
            .as("seed %d, card #%d", SEED, i)
            .hasSameSizeAs(card)
            .startsWith(card.substring(0, 6))
            .endsWith(card.substring(card.length() - 4))
            .isEqualTo(
                card.substring(0, 6)
                    + "*".repeat(card.length() - 10)
                    + card.substring(card.length() - 4));
      }
    }
  }

  @Nested
  class MaskEmail {

    @ParameterizedTest
    @CsvSource({
      "zhangsan@example.com, z***@example.com",
      "z@example.com, z***@example.com",
      "a.b+tag@mail.example.co.uk, a***@mail.example.co.uk",
      "张三@例子.中国, 张***@例子.中国",
      "😀x@example.com, 😀***@example.com",
      "Zhang.San@Example.COM, Z***@Example.COM"
    })
    void maskEmail_wellFormed_keepsFirstCharacterAndDomain(String email, String masked) {
      assertThat(Masking.maskEmail(email)).isEqualTo(masked);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "",
          "zhangsan",
          "@example.com",
          "zhangsan@",
          "a@b@example.com",
          "a@localhost",
          "a b@example.com",
          "a@exa mple.com",
          "a@-example.com",
          "a@example-.com",
          "a@example..com",
          "a@.example.com",
          "a@example.com.",
          "a@exam_ple.com",
          "\uD800@example.com",
          "\u0000a@example.com",
          "\u200Ba@example.com"
        })
    void maskEmail_malformed_isFullyMasked(String email) {
      assertThat(Masking.maskEmail(email)).isEqualTo("***");
    }

    @Test
    void maskEmail_localPartOver64_isFullyMasked() {
      assertThat(Masking.maskEmail("a".repeat(65) + "@example.com")).isEqualTo("***");
    }

    @Test
    void maskEmail_over254Characters_isFullyMasked() {
      String label = "b".repeat(63);
      String email = "a@" + String.join(".", label, label, label, label) + ".com";

      assertThat(email).hasSizeGreaterThan(254);
      assertThat(Masking.maskEmail(email)).isEqualTo("***");
    }

    @Test
    void maskEmail_megabyteDomain_isFullyMasked() {
      assertThat(Masking.maskEmail("a@" + "b".repeat(MEGABYTE) + ".com")).isEqualTo("***");
    }
  }

  @Nested
  class Pseudonym {

    private final byte[] key = key(32, (byte) 7);

    private static byte[] key(int length, byte fill) {
      byte[] key = new byte[length];
      Arrays.fill(key, fill);
      return key;
    }

    private static String hmacPrefix(byte[] key, byte[] data) throws GeneralSecurityException {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(data), 0, 16);
    }

    /** RFC 4231 test cases 6 and 7, the two whose key is long enough, truncated to 16 bytes. */
    @ParameterizedTest
    @CsvSource({
      "'Test Using Larger Than Block-Size Key - Hash Key First', 60e431591ee0b67f0d8a26aacbf5b77f",
      "'This is a test using a larger than block-size key and a larger than block-size data."
          + " The key needs to be hashed before being used by the HMAC algorithm.',"
          + " 9b09ffa71b942fcb27635fbcd5b0e944"
    })
    void pseudonym_rfc4231Vectors_match(String data, String expected) {
      assertThat(Masking.pseudonym(key(131, (byte) 0xaa), data)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "张三", "110101199003071234", "😀 e\u0301"})
    void pseudonym_wellFormedText_isHmacOfUtf8(String value) throws GeneralSecurityException {
      assertThat(Masking.pseudonym(key, value))
          .isEqualTo(hmacPrefix(key, value.getBytes(StandardCharsets.UTF_8)))
          .matches("[0-9a-f]{32}");
    }

    @Test
    void pseudonym_sameKeyAndValue_isStable() {
      assertThat(Masking.pseudonym(key, "张三")).isEqualTo(Masking.pseudonym(key, "张三"));
    }

    @Test
    void pseudonym_otherValue_differs() {
      assertThat(Masking.pseudonym(key, "张三")).isNotEqualTo(Masking.pseudonym(key, "张四"));
    }

    @Test
    void pseudonym_otherKey_differs() {
      assertThat(Masking.pseudonym(key(32, (byte) 8), "张三"))
          .isNotEqualTo(Masking.pseudonym(key, "张三"));
    }

    /** UTF-8 would replace both lone surrogates by '?', giving three strings one pseudonym. */
    @Test
    void pseudonym_loneSurrogates_doNotCollideWithReplacement() {
      String high = Masking.pseudonym(key, "a\uD800");
      String low = Masking.pseudonym(key, "a\uDBFF");
      String question = Masking.pseudonym(key, "a?");

      assertThat(Arrays.asList(high, low, question)).doesNotHaveDuplicates();
    }

    @Test
    void pseudonym_loneSurrogate_isEncodedAsThreeBytes() throws GeneralSecurityException {
      byte[] wtf8 = {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80};

      assertThat(Masking.pseudonym(key, "a\uD800")).isEqualTo(hmacPrefix(key, wtf8));
    }

    @Test
    void pseudonym_nullValue_isNull() {
      assertThat(Masking.pseudonym(key, null)).isNull();
    }

    @Test
    void pseudonym_megabyteValue_isHashed() {
      assertThat(Masking.pseudonym(key, "张".repeat(MEGABYTE))).hasSize(32);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 16, 31})
    void pseudonym_shortKey_isRefused(int length) {
      assertThatThrownBy(() -> Masking.pseudonym(key(length, (byte) 1), "张三"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("pseudonym key must be at least 32 bytes");
    }

    @Test
    void pseudonym_shortKeyAndNullValue_isRefused() {
      assertThatThrownBy(() -> Masking.pseudonym(new byte[31], null))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  class IdRegion {

    @ParameterizedTest
    @CsvSource({"11010519491231002X, 110105", "440524188001010014, 440524"})
    void idRegion_standardsExamples_giveRegion(String id, String region) {
      assertThat(Masking.idRegion(id)).isEqualTo(region);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "",
          "11010519491231002x",
          "110105194912310021",
          "11010519491231002",
          "110105194912310029X",
          "1101051949123100X2",
          "A10105194912310021",
          "１１０１０５１９４９１２３１００２Ｘ"
        })
    void idRegion_malformed_isNull(String id) {
      assertThat(Masking.idRegion(id)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"19490230", "19491301", "19490001", "17991231", "20230229"})
    void idRegion_impossibleBirthDateWithValidCheck_isNull(String birth) {
      String first17 = "110105" + birth + "002";

      assertThat(Masking.idRegion(first17 + PiiFormats.residentIdCheckCharacter(first17))).isNull();
    }

    @Test
    void idRegion_leapDay_isValid() {
      String first17 = "110105" + "20240229" + "002";

      assertThat(Masking.idRegion(first17 + PiiFormats.residentIdCheckCharacter(first17)))
          .isEqualTo("110105");
    }

    @Test
    void idRegion_megabyte_isNull() {
      assertThat(Masking.idRegion("1".repeat(MEGABYTE))).isNull();
    }

    /** Property: every valid ID gives its region; any single changed digit is caught. */
    @Test
    void idRegion_randomIds_giveRegionAndCatchOneDigitErrors() {
      SplittableRandom random = new SplittableRandom(SEED);

      for (int i = 0; i < 1_000; i++) {
        String id = residentId(random);
        int position = random.nextInt(17);
        char changed = (char) ('0' + (id.charAt(position) - '0' + 1 + random.nextInt(9)) % 10);
        String typo = id.substring(0, position) + changed + id.substring(position + 1);

        assertThat(Masking.idRegion(id))
            .as("seed %d, id #%d", SEED, i)
            .isEqualTo(id.substring(0, 6));
        assertThat(Masking.idRegion(typo)).as("seed %d, typo #%d", SEED, i).isNull();
      }
    }
  }

  @Nested
  class AgeBand {

    private final LocalDate birth = LocalDate.of(1990, 6, 15);
    private final LocalDate asOf = LocalDate.of(2025, 6, 14);

    @ParameterizedTest
    @CsvSource({"1, 34", "2, 34-35", "5, 30-34", "10, 30-39", "20, 20-39", "50, 0-49", "100, 0-99"})
    void ageBand_gridWidth_givesLabel(int width, String band) {
      assertThat(Masking.ageBand(birth, asOf, width)).isEqualTo(band);
    }

    @Test
    void ageBand_onBirthday_countsTheNewYear() {
      assertThat(Masking.ageBand(birth, LocalDate.of(2020, 6, 15), 10)).isEqualTo("30-39");
    }

    @Test
    void ageBand_dayBeforeBirthday_countsTheOldYear() {
      assertThat(Masking.ageBand(birth, LocalDate.of(2020, 6, 14), 10)).isEqualTo("20-29");
    }

    @Test
    void ageBand_leapDayBirthInCommonYear_turnsOlderOnFirstOfMarch() {
      LocalDate leapDay = LocalDate.of(2000, 2, 29);

      assertThat(Masking.ageBand(leapDay, LocalDate.of(2001, 2, 28), 1)).isEqualTo("0");
      assertThat(Masking.ageBand(leapDay, LocalDate.of(2001, 3, 1), 1)).isEqualTo("1");
    }

    @Test
    void ageBand_bornToday_isYoungestBand() {
      assertThat(Masking.ageBand(asOf, asOf, 10)).isEqualTo("0-9");
    }

    @Test
    void ageBand_birthAfterAsOf_isNull() {
      assertThat(Masking.ageBand(asOf.plusDays(1), asOf, 10)).isNull();
    }

    @Test
    void ageBand_nullDate_isNull() {
      assertThat(Masking.ageBand(null, asOf, 10)).isNull();
      assertThat(Masking.ageBand(birth, null, 10)).isNull();
    }

    @Test
    void ageBand_extremeDates_doNotOverflow() {
      assertThat(Masking.ageBand(LocalDate.MIN, LocalDate.MAX, 100))
          .isEqualTo("1999999900-1999999999");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -10, 3, 15, 25, 200, 1000, Integer.MIN_VALUE})
    void ageBand_widthOffGrid_isRefused(int width) {
      assertThatThrownBy(() -> Masking.ageBand(null, null, width))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "age_band width must be 1, 2, 5, 10, 20, 50 or 100 (1, 2 or 5 × 10ⁿ, at most 100)");
    }

    /** Property: the band holds the exact age and starts on a multiple of its width. */
    @Test
    void ageBand_randomBirths_bandHoldsAge() {
      SplittableRandom random = new SplittableRandom(SEED);
      int[] widths = {1, 2, 5, 10, 20, 50, 100};

      for (int i = 0; i < 1_000; i++) {
        LocalDate born = asOf.minusDays(random.nextInt(120 * 366));
        int width = widths[random.nextInt(widths.length)];
        int age = java.time.Period.between(born, asOf).getYears();

        String band = Masking.ageBand(born, asOf, width);

        int lower = Integer.parseInt(band.split("-")[0]);
        assertThat(lower).as("seed %d, birth #%d", SEED, i).isLessThanOrEqualTo(age);
        assertThat(age).isLessThan(lower + width);
        assertThat(lower % width).isZero();
      }
    }
  }

  @Nested
  class TruncateDate {

    private final LocalDate date = LocalDate.of(2024, 7, 15);

    @ParameterizedTest
    @ValueSource(strings = {"YEAR", "year", "Year"})
    void truncateDate_year_givesFirstOfJanuary(String unit) {
      assertThat(Masking.truncateDate(date, unit)).isEqualTo(LocalDate.of(2024, 1, 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"MONTH", "month", "mOnTh"})
    void truncateDate_month_givesFirstOfMonth(String unit) {
      assertThat(Masking.truncateDate(date, unit)).isEqualTo(LocalDate.of(2024, 7, 1));
    }

    @Test
    void truncateDate_nullDate_isNull() {
      assertThat(Masking.truncateDate(null, "YEAR")).isNull();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"DAY", "QUARTER", "YEARS", " YEAR", "WEEK", "yıl"})
    void truncateDate_otherUnit_isRefused(String unit) {
      assertThatThrownBy(() -> Masking.truncateDate(date, unit))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("truncate_date unit must be YEAR or MONTH");
    }

    @Test
    void truncateDate_otherUnitAndNullDate_isRefused() {
      assertThatThrownBy(() -> Masking.truncateDate(null, "DAY"))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  class IsOnGrid {

    @ParameterizedTest
    @ValueSource(
        strings = {
          "0", "0.00", "0E+5", "1", "2", "5", "10", "20", "50", "100", "0.1", "0.05", "0.002",
          "10.00", "1E+100", "5E-100", "-1", "-2", "-0.5", "-2000"
        })
    void isOnGrid_roundValue_isTrue(String value) {
      assertThat(Masking.isOnGrid(new BigDecimal(value))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "3", "4", "7", "11", "15", "25", "0.3", "1.5", "2.5", "12", "-3", "1.0001", "99"
        })
    void isOnGrid_otherValue_isFalse(String value) {
      assertThat(Masking.isOnGrid(new BigDecimal(value))).isFalse();
    }

    @Test
    void isOnGrid_null_isFalse() {
      assertThat(Masking.isOnGrid(null)).isFalse();
    }

    /** Property: over 0 to 100,000 at three scales, exactly d × 10ᵏ (d in 1, 2, 5) are on it. */
    @Test
    void isOnGrid_range_acceptsExactlyGridValues() {
      java.util.Set<Long> grid = new java.util.HashSet<>();
      grid.add(0L);
      for (long power = 1; power <= 100_000; power *= 10) {
        grid.addAll(java.util.List.of(power, 2 * power, 5 * power));
      }

      java.util.List<BigDecimal> wrong = new java.util.ArrayList<>();
      for (long i = 0; i <= 100_000; i++) {
        for (int scale : new int[] {0, 3, -2}) {
          BigDecimal value = BigDecimal.valueOf(i).scaleByPowerOfTen(-scale);
          if (Masking.isOnGrid(value) != grid.contains(i)) {
            wrong.add(value);
          }
          if (Masking.isOnGrid(value.negate()) != grid.contains(i)) {
            wrong.add(value.negate());
          }
        }
      }

      assertThat(wrong).isEmpty();
    }
  }

  @Nested
  class BucketDecimal {

    @ParameterizedTest
    @CsvSource({
      "37, 10, 30",
      "30, 10, 30",
      "-1, 10, -10",
      "-10, 10, -10",
      "-11, 10, -20",
      "0, 10, 0",
      "0.37, 0.1, 0.3",
      "12345, 20, 12340",
      "7.5, 0.5, 7.5",
      "7.74, 0.5, 7.5",
      "1.239, 0.01, 1.23",
      "9999, 10000, 0",
      "-0.001, 0.01, -0.01",
      "123456789012345678901234567890.5, 1E+10, 123456789012345678900000000000"
    })
    void bucket_value_roundsDownToMultiple(String x, String width, String expected) {
      BigDecimal bucket = Masking.bucket(new BigDecimal(x), new BigDecimal(width));

      assertThat(bucket).isEqualByComparingTo(expected);
    }

    @Test
    void bucket_integerWidth_keepsWidthScale() {
      assertThat(Masking.bucket(new BigDecimal("37.25"), BigDecimal.TEN).toPlainString())
          .isEqualTo("30");
    }

    @Test
    void bucket_nullValue_isNull() {
      assertThat(Masking.bucket(null, BigDecimal.TEN)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0.00", "-10", "-0.5", "3", "25", "0.3", "15", "1.5"})
    void bucket_widthOffGrid_isRefused(String width) {
      assertThatThrownBy(() -> Masking.bucket(BigDecimal.ONE, new BigDecimal(width)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("bucket width must be positive and 1, 2 or 5 × 10ⁿ");
    }

    @Test
    void bucket_nullWidth_isRefused() {
      assertThatThrownBy(() -> Masking.bucket(BigDecimal.ONE, null))
          .isInstanceOf(IllegalArgumentException.class);
    }

    /** A naive divide would rescale the width to the value's billion-digit scale. */
    @Test
    void bucket_tinyValueWithHugeScale_isCheap() {
      BigDecimal tiny = new BigDecimal(BigInteger.ONE, 999_999_999);

      assertThat(Masking.bucket(tiny, BigDecimal.ONE)).isEqualByComparingTo("0");
      assertThat(Masking.bucket(tiny.negate(), BigDecimal.ONE)).isEqualByComparingTo("-1");
    }

    /** A naive divide would build a billion-digit quotient. */
    @Test
    void bucket_hugeRoundValue_isItself() {
      BigDecimal huge = new BigDecimal(BigInteger.valueOf(3), -999_999_999);

      assertThat(Masking.bucket(huge, new BigDecimal("0.01"))).isEqualByComparingTo(huge);
    }

    /** Property: bucket ≤ x < bucket + width, and the bucket is a multiple of the width. */
    @Test
    void bucket_randomValues_boundX() {
      SplittableRandom random = new SplittableRandom(SEED);

      for (int i = 0; i < 2_000; i++) {
        BigDecimal x = BigDecimal.valueOf(random.nextLong(), random.nextInt(-5, 12));
        BigDecimal width =
            BigDecimal.valueOf(new int[] {1, 2, 5}[random.nextInt(3)], random.nextInt(-8, 8));

        BigDecimal bucket = Masking.bucket(x, width);

        assertThat(bucket).as("seed %d, #%d", SEED, i).isLessThanOrEqualTo(x);
        assertThat(x).as("seed %d, #%d", SEED, i).isLessThan(bucket.add(width));
        assertThat(bucket.remainder(width).signum()).isZero();
      }
    }
  }

  @Nested
  class BucketLong {

    @ParameterizedTest
    @CsvSource({
      "37, 10, 30",
      "-1, 10, -10",
      "-10, 10, -10",
      "0, 1, 0",
      "7, 1, 7",
      "199, 200, 0",
      "9223372036854775807, 10, 9223372036854775800",
      "9223372036854775807, 2000000000000000000, 8000000000000000000",
      "-9223372036854775808, 1, -9223372036854775808",
      "-9223372036854775808, 2, -9223372036854775808"
    })
    void bucket_value_roundsDownToMultiple(long x, long width, long expected) {
      assertThat(Masking.bucket(x, width)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, -10, 3, 25, 30, 99, Long.MAX_VALUE, Long.MIN_VALUE})
    void bucket_widthOffGrid_isRefused(long width) {
      assertThatThrownBy(() -> Masking.bucket(1L, width))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("bucket width must be positive and 1, 2 or 5 × 10ⁿ");
    }

    @Test
    void bucket_belowLongRange_isArithmeticError() {
      assertThatThrownBy(() -> Masking.bucket(Long.MIN_VALUE, 10L))
          .isInstanceOf(ArithmeticException.class)
          .hasMessage("bucket result is out of the range of BIGINT");
    }

    /** Property: bucket ≤ x < bucket + width over the whole long range. */
    @Test
    void bucket_randomValues_boundX() {
      SplittableRandom random = new SplittableRandom(SEED);

      for (int i = 0; i < 10_000; i++) {
        long x = random.nextLong(Long.MIN_VALUE / 2, Long.MAX_VALUE);
        long width =
            new long[] {1, 2, 5}[random.nextInt(3)] * (long) Math.pow(10, random.nextInt(18));

        long bucket = Masking.bucket(x, width);

        assertThat(bucket).as("seed %d, #%d", SEED, i).isLessThanOrEqualTo(x);
        assertThat(BigInteger.valueOf(x).subtract(BigInteger.valueOf(bucket)))
            .isLessThan(BigInteger.valueOf(width));
        assertThat(bucket % width).isZero();
      }
    }
  }

  @Nested
  class BucketDouble {

    @ParameterizedTest
    @CsvSource({
      "37.0, 10, 30.0",
      "-0.5, 1, -1.0",
      "0.37, 0.1, 0.3",
      "0.30000000000000004, 0.1, 0.3",
      "0.7, 0.1, 0.7",
      "1e300, 1e10, 1e300",
      "-1e-300, 0.01, -0.01"
    })
    void bucket_value_roundsDownToMultiple(double x, double width, double expected) {
      assertThat(Masking.bucket(x, width)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void bucket_nonFinite_isItself(double x) {
      assertThat(Double.compare(Masking.bucket(x, 10.0), x)).isZero();
    }

    @ParameterizedTest
    @ValueSource(
        doubles = {
          0.0,
          -0.0,
          -1.0,
          3.0,
          0.3,
          25.0,
          Double.NaN,
          Double.POSITIVE_INFINITY,
          Double.MIN_VALUE
        })
    void bucket_widthOffGrid_isRefused(double width) {
      assertThatThrownBy(() -> Masking.bucket(1.0, width))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("bucket width must be positive and 1, 2 or 5 × 10ⁿ");
    }

    /** Property: the result never exceeds x and is the decimal bucket of x, rounded. */
    @Test
    void bucket_randomValues_areExactBucketRounded() {
      SplittableRandom random = new SplittableRandom(SEED);

      for (int i = 0; i < 2_000; i++) {
        double x = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-6, 12));
        BigDecimal width =
            BigDecimal.valueOf(new int[] {1, 2, 5}[random.nextInt(3)], random.nextInt(-4, 6));

        double bucket = Masking.bucket(x, width.doubleValue());

        assertThat(bucket).as("seed %d, #%d", SEED, i).isLessThanOrEqualTo(x);
        assertThat(bucket).isEqualTo(Masking.bucket(BigDecimal.valueOf(x), width).doubleValue());
      }
    }
  }
}
