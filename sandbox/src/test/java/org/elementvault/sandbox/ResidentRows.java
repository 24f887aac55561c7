package org.elementvault.sandbox;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.elementvault.engine.dataset.PiiFormats;

/** Deterministic resident rows for sandbox tests, with valid resident ID numbers. */
public final class ResidentRows {

  public static final String SCHEMA =
      """
      subject: id_card
      open_category: CONDITIONAL
      columns:
        - {name: id_card, type: STRING, level: SENSITIVE, pii: ID_CARD}
        - {name: name, type: STRING, level: SENSITIVE, pii: NAME}
        - {name: gender, type: STRING, level: GENERAL, quasi_identifier: true}
        - {name: birth_date, type: DATE, level: SENSITIVE, pii: BIRTH_DATE, quasi_identifier: true}
        - {name: district, type: STRING, level: GENERAL, quasi_identifier: true}
        - {name: phone, type: STRING, level: SENSITIVE, pii: PHONE}
        - {name: income, type: "DECIMAL(12,2)", level: IMPORTANT}
        - {name: age, type: INT, level: GENERAL}
        - {name: secret_score, type: INT, level: CORE}
      """;

  public static final String HEADER =
      "id_card,name,gender,birth_date,district,phone,income,age,secret_score";

  public static final List<String> DISTRICTS = List.of("金水区", "中原区", "二七区", "惠济区", "上街区");

  private ResidentRows() {}

  /** {@code count} rows from {@code seed}, header first. */
  public static List<String> csv(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> lines = new ArrayList<>();
    lines.add(HEADER);
    for (int i = 0; i < count; i++) {
      LocalDate birth = LocalDate.of(1950, 1, 1).plusDays(random.nextInt(20_000));
      String first17 =
          "410105"
              + birth.toString().replace("-", "")
              + String.format(Locale.ROOT, "%03d", i % 1000);
      String id = first17 + PiiFormats.residentIdCheckCharacter(first17);
      String district = DISTRICTS.get(random.nextInt(DISTRICTS.size()));
      String gender = random.nextBoolean() ? "男" : "女";
      String phone = "138" + String.format(Locale.ROOT, "%08d", random.nextInt(100_000_000));
      String income =
          random.nextInt(50) == 0
              ? ""
              : String.format(
                  Locale.ROOT, "%d.%02d", 20_000 + random.nextInt(100_000), random.nextInt(100));
      int age = 2026 - birth.getYear();
      lines.add(
          String.join(
              ",",
              id,
              "张" + "伟芳娜秀英".charAt(random.nextInt(5)),
              gender,
              birth.toString(),
              district,
              phone,
              income,
              Integer.toString(age),
              Integer.toString(random.nextInt(100))));
    }
    return lines;
  }
}
