package org.elementvault.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.auth.Role;
import org.elementvault.engine.dataset.Datasets;
import org.elementvault.engine.dataset.Level;
import org.elementvault.engine.keys.Unlock;
import org.elementvault.sandbox.product.ProductApplication;
import org.elementvault.sandbox.product.ProductDecision;
import org.elementvault.server.api.LogSelection;
import org.elementvault.server.api.QuotaChange;
import org.elementvault.server.api.VaultApi;
import org.elementvault.server.http.HttpApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every request the CLI's remote client ({@link HttpApi}) sends lands on a route the OpenAPI
 * document describes. Each {@link VaultApi} method (one per remote CLI command) is called once
 * against a real server; most are refused (no such tenant or element), which is fine: what counts
 * is the route the server matched, read from its per-route request metrics. A path that matched no
 * route would be rejected before it is counted.
 */
class HttpApiRoutesTest {

  private static final Pattern REQUESTS =
      Pattern.compile("^evault_http_requests_seconds_count\\{(.*)} (\\S+)$", Pattern.MULTILINE);

  private static final Pattern METHOD = Pattern.compile("method=\"(\\w+)\"");

  private static final Pattern ROUTE = Pattern.compile("route=\"([^\"]+)\"");

  /**
   * Methods that send nothing: a new master secret never travels over the network, and dataset key
   * rotation runs embedded until every chunk is re-encrypted.
   */
  private static final Set<String> LOCAL_ONLY = Set.of("rotateMasterSecret", "rotateDatasetKeys");

  @TempDir Path directory;

  @Test
  void everyClientRequest_isADocumentedOperation() throws Exception {
    OpenApiDocument document = OpenApiDocument.load();
    try (TestingServer server = new TestingServer(directory)) {
      VaultApi api = server.api(server.rootToken());
      Map<String, String> routes = new LinkedHashMap<>();

      for (Map.Entry<String, Function<VaultApi, ?>> call : calls().entrySet()) {
        Map<String, Long> before = counts(server);
        try {
          var unused = call.getValue().apply(api);
        } catch (VaultException refused) {
          // A refusal still shows which route answered.
        }
        routes.put(call.getKey(), answered(before, counts(server)));
      }

      Set<String> called =
          routes.keySet().stream()
              .map(call -> call.split(" ")[0])
              .collect(Collectors.toCollection(TreeSet::new));
      assertThat(called).isEqualTo(remoteMethods());
      assertThat(routes)
          .allSatisfy(
              (call, route) ->
                  assertThat(document.operations()).as("%s sends %s", call, route).contains(route));
    }
  }

  @Test
  void rotateMasterSecret_sendsNothing() throws Exception {
    try (TestingServer server = new TestingServer(directory)) {
      VaultApi api = server.api(server.rootToken());
      Map<String, Long> before = counts(server);

      assertThatThrownBy(() -> api.rotateMasterSecret(Unlock.keyFile(new byte[32])))
          .isInstanceOf(VaultException.class)
          .hasMessageContaining("embedded only");
      assertThat(counts(server)).isEqualTo(before);
    }
  }

  private static Set<String> remoteMethods() {
    Set<String> names = new TreeSet<>();
    for (Method method : VaultApi.class.getMethods()) {
      if (!method.isDefault() && !LOCAL_ONLY.contains(method.getName())) {
        names.add(method.getName());
      }
    }
    return names;
  }

  /** The one route whose count rose, as {@code METHOD template}, or empty. */
  private static String answered(Map<String, Long> before, Map<String, Long> after) {
    List<String> risen =
        after.entrySet().stream()
            .filter(entry -> entry.getValue() > before.getOrDefault(entry.getKey(), 0L))
            .map(Map.Entry::getKey)
            .toList();
    assertThat(risen).as("one request per call").hasSizeLessThanOrEqualTo(1);
    return risen.isEmpty() ? "" : risen.get(0);
  }

  private static Map<String, Long> counts(TestingServer server) {
    Map<String, Long> counts = new HashMap<>();
    Matcher matcher = REQUESTS.matcher(server.server.metrics().scrape());
    while (matcher.find()) {
      Matcher method = METHOD.matcher(matcher.group(1));
      Matcher route = ROUTE.matcher(matcher.group(1));
      assertThat(method.find() && route.find()).as(matcher.group()).isTrue();
      counts.merge(
          method.group(1) + " " + route.group(1),
          (long) Double.parseDouble(matcher.group(2)),
          Long::sum);
    }
    return counts;
  }

  private Map<String, Function<VaultApi, ?>> calls() throws Exception {
    Path csv = Files.writeString(directory.resolve("x.csv"), "a\n1\n");
    Path onnx = Files.write(directory.resolve("x.onnx"), new byte[] {1, 2, 3});
    Path checkpoint = directory.resolve("checkpoint.json");
    byte[] spec = "name: x\n".getBytes(StandardCharsets.UTF_8);
    QuotaChange quota = new QuotaChange(null, 1, null, null);
    Map<String, Function<VaultApi, ?>> calls = new LinkedHashMap<>();
    calls.put("whoami", VaultApi::whoami);
    calls.put("status", VaultApi::status);
    calls.put("applyTenant", api -> api.applyTenant("ghost", "ops", null));
    calls.put("reviewTenant", api -> api.reviewTenant("nobody", true, "r"));
    calls.put("activateTenant", api -> api.activateTenant("nobody"));
    calls.put("extendTrial", api -> api.extendTrial("nobody", 1));
    calls.put("suspendTenant", api -> api.suspendTenant("nobody"));
    calls.put("resumeTenant", api -> api.resumeTenant("nobody"));
    calls.put("requestTenantChange", api -> api.requestTenantChange("nobody", quota));
    calls.put("setTenantQuotas", api -> api.setTenantQuotas("nobody", quota));
    calls.put("exitTenant", api -> api.exitTenant("nobody", "nobody"));
    calls.put("listTenants", VaultApi::listTenants);
    calls.put("showTenant", api -> api.showTenant("nobody"));
    calls.put(
        "addUser",
        api -> api.addUser("watcher", Role.AUDITOR, null, null, directory.resolve("w.token")));
    calls.put("revokeUser", api -> api.revokeUser("nobody"));
    calls.put("listUsers", VaultApi::listUsers);
    calls.put(
        "importDataset",
        api ->
            api.importDataset(
                "nobody", "d", csv, TestingServer.residentsSchema(), Datasets.Progress.NONE));
    calls.put("listDatasets", api -> api.listDatasets("nobody"));
    calls.put("describeDataset", api -> api.describeDataset("nobody", "d"));
    calls.put("setDatasetBudget", api -> api.setDatasetBudget("nobody", "d", BigDecimal.ONE, 1));
    calls.put("classifyColumn", api -> api.classifyColumn("nobody", "d", "a", Level.CORE, "r"));
    calls.put("dropDataset", api -> api.dropDataset("nobody", "d", "d"));
    calls.put("checkElement", api -> api.checkElement(spec));
    calls.put("submitElement", api -> api.submitElement(spec));
    calls.put("reviewElement", api -> api.reviewElement("e99", true, "r"));
    calls.put("listElements", api -> api.listElements(null));
    calls.put("showElement", api -> api.showElement("e99"));
    calls.put("suspendElement", api -> api.suspendElement("e99", "r"));
    calls.put("resumeElement", api -> api.resumeElement("e99"));
    calls.put("retireElement", api -> api.retireElement("e99", "r"));
    calls.put("runElement", api -> api.runElement("e99", true, Map.of("district", "x")));
    calls.put("releaseElement", api -> api.releaseElement("e99"));
    calls.put("elementReleaseReport", api -> api.elementReleaseReport("e99"));
    calls.put("elementCatalog", VaultApi::elementCatalog);
    calls.put("elementUsage", api -> api.elementUsage("e99"));
    calls.put("readResult", api -> api.readResult("j99"));
    calls.put(
        "registerProduct",
        api ->
            api.registerProduct(
                new ProductApplication("p", List.of("e99"), "p", "s", "2026-01-01", "2026-12-31")));
    calls.put("reviewProduct", api -> api.reviewProduct(null, "p", ProductDecision.APPROVE, "r"));
    calls.put("suspendProduct", api -> api.suspendProduct(null, "p", "r"));
    calls.put("resumeProduct", api -> api.resumeProduct(null, "p"));
    calls.put("listProducts", VaultApi::listProducts);
    calls.put("showProduct", api -> api.showProduct(null, "p"));
    calls.put("productCertificate", api -> api.productCertificate(null, "p"));
    calls.put("runProduct", api -> api.runProduct("p", "e99", Map.of()));
    calls.put("productUsage", api -> api.productUsage(null, "p"));
    calls.put("listModels", VaultApi::listModels);
    calls.put("showModel", api -> api.showModel("m99"));
    calls.put("registerModel", api -> api.registerModel("m", onnx, List.of("a")));
    calls.put("listJobs", VaultApi::listJobs);
    calls.put("showJob", api -> api.showJob("j99"));
    calls.put("cancelJob", api -> api.cancelJob("j99"));
    calls.put("keyStatus", VaultApi::keyStatus);
    calls.put("showLog", api -> api.showLog(new LogSelection(null, null, null, null, null)));
    calls.put("checkpointLog", api -> api.checkpointLog(checkpoint));
    calls.put("verifyLog", api -> api.verifyLog(null));
    calls.put("verifyLog checkpoint", api -> api.verifyLog(checkpoint));
    calls.put("exportLog", api -> api.exportLog(directory.resolve("log.export")));
    calls.put("purgeLog", api -> api.purgeLog(Instant.EPOCH));
    return calls;
  }
}
