package org.elementvault.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.elementvault.engine.oplog.LogRecord;

/** Element specs and expectations over {@link ResidentRows} for the sandbox's end-to-end tests. */
final class SandboxSpecs {

  static final int ID_CARD = 0;
  static final int NAME = 1;
  static final int DISTRICT = 4;
  static final int PHONE = 5;

  private SandboxSpecs() {}

  /** A spec reading {@code residents} with threshold {@code k}. */
  static byte[] spec(String name, String query, int k) {
    return spec(name, query, k, "residents");
  }

  /** A spec reading {@code dataset} with threshold {@code k}. */
  static byte[] spec(String name, String query, int k, String dataset) {
    String yaml =
        "name: "
            + name
            + "\ntype: DATASET\nscenario: regional statistics\npurpose: credit risk pricing\n"
            + "datasets: ["
            + dataset
            + "]\nthreshold: "
            + k
            + "\nquery: |\n  "
            + query
            + "\n";
    return yaml.getBytes(StandardCharsets.UTF_8);
  }

  /** The data rows of {@code csv} (header dropped), split into fields. */
  static List<String[]> rows(List<String> csv) {
    return csv.subList(1, csv.size()).stream().map(line -> line.split(",", -1)).toList();
  }

  /** {@code csv} with the district of its first {@code count} rows replaced by {@code district}. */
  static List<String> withDistrict(List<String> csv, String district, int count) {
    List<String> out = new ArrayList<>(csv);
    for (int i = 1; i <= count; i++) {
      String[] fields = out.get(i).split(",", -1);
      fields[DISTRICT] = district;
      out.set(i, String.join(",", fields));
    }
    return out;
  }

  /** Each field {@code index} of the rows of {@code csv}. */
  static Set<String> values(List<String> csv, int index) {
    Set<String> values = new HashSet<>();
    rows(csv).forEach(r -> values.add(r[index]));
    return values;
  }

  /** Distinct ID cards per district, only for districts with at least {@code k}. */
  static Map<String, Long> distinctIdsPerDistrict(List<String> csv, int k) {
    Map<String, Set<String>> ids = new HashMap<>();
    rows(csv).forEach(r -> ids.computeIfAbsent(r[DISTRICT], d -> new HashSet<>()).add(r[ID_CARD]));
    Map<String, Long> counts = new HashMap<>();
    ids.forEach(
        (district, set) -> {
          if (set.size() >= k) {
            counts.put(district, (long) set.size());
          }
        });
    return counts;
  }

  /** Whether any text of {@code records} contains any of {@code values}. */
  static boolean mentionsAny(Collection<LogRecord> records, Collection<String> values) {
    return records.stream()
        .anyMatch(
            r -> values.stream().anyMatch(v -> r.details().contains(v) || r.target().contains(v)));
  }
}
