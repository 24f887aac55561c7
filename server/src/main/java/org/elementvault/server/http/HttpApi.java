package org.elementvault.server.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.elementvault.crypto.merkle.SignedTreeHead;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.auth.Role;
import org.elementvault.engine.budget.BudgetStatus;
import org.elementvault.engine.dataset.Datasets;
import org.elementvault.engine.dataset.Level;
import org.elementvault.engine.job.JobRecord;
import org.elementvault.engine.keys.KeyRotation;
import org.elementvault.engine.keys.KeyStatus;
import org.elementvault.engine.keys.Unlock;
import org.elementvault.engine.keys.UnlockMethod;
import org.elementvault.engine.oplog.Checkpoint;
import org.elementvault.engine.oplog.LogEntry;
import org.elementvault.engine.oplog.LogExporter;
import org.elementvault.engine.oplog.VerifyReport;
import org.elementvault.sandbox.Sandbox;
import org.elementvault.sandbox.element.CatalogEntry;
import org.elementvault.sandbox.element.Element;
import org.elementvault.sandbox.element.ElementUsage;
import org.elementvault.sandbox.element.ReleaseReport;
import org.elementvault.sandbox.exec.ElementResult;
import org.elementvault.sandbox.model.ModelInfo;
import org.elementvault.sandbox.product.Product;
import org.elementvault.sandbox.product.ProductApplication;
import org.elementvault.sandbox.product.ProductDecision;
import org.elementvault.sandbox.product.ProductRun;
import org.elementvault.sandbox.product.ProductUsage;
import org.elementvault.sandbox.product.ProductView;
import org.elementvault.sandbox.product.SignedCertificate;
import org.elementvault.server.api.ApiJson;
import org.elementvault.server.api.DatasetInfo;
import org.elementvault.server.api.LogSelection;
import org.elementvault.server.api.ModelFiles;
import org.elementvault.server.api.QuotaChange;
import org.elementvault.server.api.TenantInfo;
import org.elementvault.server.api.UserInfo;
import org.elementvault.server.api.VaultApi;
import org.elementvault.server.api.VaultStatus;
import org.elementvault.server.api.VersionInfo;
import org.elementvault.server.tls.Pem;
import org.jspecify.annotations.Nullable;

/**
 * {@link VaultApi} over HTTPS: the CLI's remote mode. Each method is one request to a vault server
 * with the caller's bearer token; the server's JSON error becomes the same {@link VaultException}
 * (code and message) the embedded implementation throws, so both modes print the same and exit the
 * same. Files named by arguments are on this machine: uploads are streamed from them, tokens,
 * checkpoints and exports are written to them here.
 *
 * <p>TLS trusts either one pinned CA certificate (the {@code .pem} that {@code evault serve}
 * prints) or the system trust store. The token is never printed. Thread-safe.
 */
public final class HttpApi implements VaultApi {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final URI server;
  private final String authorization;
  private final HttpClient client;

  private HttpApi(URI server, String token, HttpClient client) {
    this.server = server;
    this.authorization = "Bearer " + token;
    this.client = client;
  }

  /**
   * A client of the server at {@code server} ({@code https://host:port}) acting with the token in
   * {@code tokenFile}, trusting {@code caCert} (PEM) if given, else the system trust store.
   *
   * @throws VaultException {@code USER_ERROR} if the URL, token file or certificate is unusable
   */
  public static HttpApi connect(String server, Path tokenFile, @Nullable Path caCert) {
    URI uri;
    try {
      uri = URI.create(server.endsWith("/") ? server.substring(0, server.length() - 1) : server);
    } catch (IllegalArgumentException e) {
      throw new VaultException(ErrorCode.USER_ERROR, "--server must be an https:// URL");
    }
    if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw new VaultException(ErrorCode.USER_ERROR, "--server must be an https:// URL");
    }
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER);
    if (caCert != null) {
      builder.sslContext(pinned(caCert));
    }
    return new HttpApi(uri, readToken(tokenFile), builder.build());
  }

  private static String readToken(Path file) {
    try {
      String line =
          Files.readString(file, StandardCharsets.US_ASCII).lines().findFirst().orElse("").trim();
      if (line.isEmpty()) {
        throw new VaultException(ErrorCode.USER_ERROR, "token file " + file + " is empty");
      }
      return line;
    } catch (NoSuchFileException e) {
      throw new VaultException(ErrorCode.USER_ERROR, "token file " + file + " does not exist");
    } catch (IOException e) {
      throw new VaultException(ErrorCode.USER_ERROR, "cannot read token file " + file);
    }
  }

  /** A TLS context that trusts only the certificates in {@code caCert} (PEM). */
  public static SSLContext pinnedContext(Path caCert) {
    return pinned(caCert);
  }

  private static SSLContext pinned(Path caCert) {
    try {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int i = 0;
      for (X509Certificate certificate : Pem.readCertificates(caCert)) {
        trust.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new VaultException(
          ErrorCode.USER_ERROR, "cannot trust the CA certificate in " + caCert, e);
    }
  }

  // The caller and the vault

  @Override
  public UserInfo whoami() {
    return get("/whoami", new TypeReference<UserInfo>() {});
  }

  @Override
  public VaultStatus status() {
    return get("/status", new TypeReference<VaultStatus>() {});
  }

  // Tenants

  @Override
  public TenantInfo applyTenant(String name, String contact, @Nullable LocalDate temporaryUntil) {
    return post(
        "/tenants", new Wire.TenantApplication(name, contact, temporaryUntil), TenantInfo.class);
  }

  @Override
  public TenantInfo reviewTenant(String name, boolean approve, String reason) {
    return post(
        path("tenants", name, "review"), new Wire.Decision(approve, reason), TenantInfo.class);
  }

  @Override
  public TenantInfo activateTenant(String name) {
    return post(path("tenants", name, "activate"), null, TenantInfo.class);
  }

  @Override
  public TenantInfo extendTrial(String name, int days) {
    return post(path("tenants", name, "extend-trial"), new Wire.Days(days), TenantInfo.class);
  }

  @Override
  public TenantInfo suspendTenant(String name) {
    return post(path("tenants", name, "suspend"), null, TenantInfo.class);
  }

  @Override
  public TenantInfo resumeTenant(String name) {
    return post(path("tenants", name, "resume"), null, TenantInfo.class);
  }

  @Override
  public TenantInfo requestTenantChange(String name, QuotaChange change) {
    return post(path("tenants", name, "change"), change, TenantInfo.class);
  }

  @Override
  public TenantInfo setTenantQuotas(String name, QuotaChange change) {
    return send(
        "PUT",
        path("tenants", name, "quota"),
        json(change),
        MediaTypes.JSON,
        type(TenantInfo.class));
  }

  @Override
  public TenantInfo exitTenant(String name, String confirm) {
    return post(path("tenants", name, "exit"), new Wire.Confirmation(confirm), TenantInfo.class);
  }

  @Override
  public List<TenantInfo> listTenants() {
    return get("/tenants", new TypeReference<List<TenantInfo>>() {});
  }

  @Override
  public TenantInfo showTenant(String name) {
    return get(path("tenants", name), new TypeReference<TenantInfo>() {});
  }

  // Users

  @Override
  public UserInfo addUser(
      String name, Role role, @Nullable String tenant, @Nullable Instant expiresAt, Path tokenOut) {
    Wire.IssuedUser issued =
        post("/users", new Wire.NewUser(name, role, tenant, expiresAt), Wire.IssuedUser.class);
    writeOwnerOnly(tokenOut, (issued.token() + "\n").getBytes(StandardCharsets.US_ASCII));
    return issued.user();
  }

  @Override
  public UserInfo revokeUser(String name) {
    return post(path("users", name, "revoke"), null, UserInfo.class);
  }

  @Override
  public List<UserInfo> listUsers() {
    return get("/users", new TypeReference<List<UserInfo>>() {});
  }

  // Datasets

  @Override
  public VersionInfo importDataset(
      @Nullable String tenant,
      String name,
      Path file,
      byte[] schemaYaml,
      Datasets.Progress progress) {
    String fileName = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
    String contentType;
    if (fileName.endsWith(".csv")) {
      contentType = MediaTypes.CSV;
    } else if (fileName.endsWith(".arrows")) {
      contentType = MediaTypes.ARROW_STREAM;
    } else if (fileName.endsWith(".arrow")) {
      contentType = MediaTypes.ARROW_FILE;
    } else {
      throw new VaultException(
          ErrorCode.USER_ERROR,
          "import refused: the file must be CSV (.csv), an Arrow IPC file (.arrow) or an Arrow IPC"
              + " stream (.arrows)");
    }
    HttpRequest.BodyPublisher body;
    try {
      body = HttpRequest.BodyPublishers.ofFile(file);
    } catch (IOException e) {
      throw new VaultException(ErrorCode.USER_ERROR, "cannot read import file " + file);
    }
    HttpRequest request =
        request(path("datasets", name, "versions") + query("tenant", tenant))
            .header("Content-Type", contentType)
            .header(Wire.SCHEMA_HEADER, Base64.getEncoder().encodeToString(schemaYaml))
            .POST(body)
            .build();
    return exchange(request, type(VersionInfo.class));
  }

  @Override
  public List<DatasetInfo> listDatasets(@Nullable String tenant) {
    return get("/datasets" + query("tenant", tenant), new TypeReference<List<DatasetInfo>>() {});
  }

  @Override
  public DatasetInfo describeDataset(@Nullable String tenant, String name) {
    return get(
        path("datasets", name) + query("tenant", tenant), new TypeReference<DatasetInfo>() {});
  }

  @Override
  public BudgetStatus setDatasetBudget(
      @Nullable String tenant, String dataset, BigDecimal epsilon, int windowDays) {
    return send(
        "PUT",
        path("datasets", dataset, "budget") + query("tenant", tenant),
        json(new Wire.BudgetSetting(epsilon, windowDays)),
        MediaTypes.JSON,
        type(BudgetStatus.class));
  }

  @Override
  public DatasetInfo classifyColumn(
      @Nullable String tenant, String dataset, String column, Level level, String reason) {
    return post(
        path("datasets", dataset, "classify") + query("tenant", tenant),
        new Wire.Classification(column, level, reason),
        DatasetInfo.class);
  }

  @Override
  public DatasetInfo dropDataset(@Nullable String tenant, String name, String confirm) {
    return post(
        path("datasets", name, "drop") + query("tenant", tenant),
        new Wire.Confirmation(confirm),
        DatasetInfo.class);
  }

  // Elements

  @Override
  public Sandbox.CheckReport checkElement(byte[] specYaml) {
    return send(
        "POST", "/elements/check", specYaml, MediaTypes.YAML, type(Sandbox.CheckReport.class));
  }

  @Override
  public Element submitElement(byte[] specYaml) {
    return send("POST", "/elements", specYaml, MediaTypes.YAML, type(Element.class));
  }

  @Override
  public Element reviewElement(String id, boolean approve, String reason) {
    return post(path("elements", id, "review"), new Wire.Decision(approve, reason), Element.class);
  }

  @Override
  public List<Element> listElements(@Nullable String tenant) {
    return get("/elements" + query("tenant", tenant), new TypeReference<List<Element>>() {});
  }

  @Override
  public Element showElement(String id) {
    return get(path("elements", id), new TypeReference<Element>() {});
  }

  @Override
  public Element suspendElement(String id, String reason) {
    return post(path("elements", id, "suspend"), new Wire.Reason(reason), Element.class);
  }

  @Override
  public Element resumeElement(String id) {
    return post(path("elements", id, "resume"), null, Element.class);
  }

  @Override
  public Element retireElement(String id, String reason) {
    return post(path("elements", id, "retire"), new Wire.Reason(reason), Element.class);
  }

  @Override
  public Sandbox.Job runElement(String id, boolean sample, Map<String, String> parameters) {
    Map<String, @Nullable String> query = new LinkedHashMap<>();
    query.put("sample", sample ? "true" : null);
    new TreeMap<>(parameters).forEach((name, value) -> query.put(Wire.PARAM_PREFIX + name, value));
    return post(path("elements", id, "runs") + query(query), null, Sandbox.Job.class);
  }

  @Override
  public Element releaseElement(String id) {
    return post(path("elements", id, "release"), null, Element.class);
  }

  @Override
  public ReleaseReport elementReleaseReport(String id) {
    return get(path("elements", id, "releases"), new TypeReference<ReleaseReport>() {});
  }

  @Override
  public List<CatalogEntry> elementCatalog() {
    return get("/catalog", new TypeReference<List<CatalogEntry>>() {});
  }

  @Override
  public ElementUsage elementUsage(String id) {
    return get(path("elements", id, "usage"), new TypeReference<ElementUsage>() {});
  }

  @Override
  public Product registerProduct(ProductApplication application) {
    return post("/products", application, Product.class);
  }

  @Override
  public Product reviewProduct(
      @Nullable String tenant, String name, ProductDecision decision, String reason) {
    return post(
        path("products", name, "review") + query("tenant", tenant),
        Wire.ProductReview.of(decision, reason),
        Product.class);
  }

  @Override
  public Product suspendProduct(@Nullable String tenant, String name, String reason) {
    return post(
        path("products", name, "suspend") + query("tenant", tenant),
        new Wire.Reason(reason),
        Product.class);
  }

  @Override
  public Product resumeProduct(@Nullable String tenant, String name) {
    return post(path("products", name, "resume") + query("tenant", tenant), null, Product.class);
  }

  @Override
  public List<Product> listProducts() {
    return get("/products", new TypeReference<List<Product>>() {});
  }

  @Override
  public ProductView showProduct(@Nullable String tenant, String name) {
    return get(
        path("products", name) + query("tenant", tenant), new TypeReference<ProductView>() {});
  }

  @Override
  public SignedCertificate productCertificate(@Nullable String tenant, String name) {
    return get(
        path("products", name, "certificate") + query("tenant", tenant),
        new TypeReference<SignedCertificate>() {});
  }

  @Override
  public ProductRun runProduct(String name, String element, Map<String, String> parameters) {
    Map<String, @Nullable String> query = new LinkedHashMap<>();
    query.put("element", element);
    new TreeMap<>(parameters).forEach((key, value) -> query.put(Wire.PARAM_PREFIX + key, value));
    return post(path("products", name, "runs") + query(query), null, ProductRun.class);
  }

  @Override
  public ProductUsage productUsage(@Nullable String tenant, String name) {
    return get(
        path("products", name, "usage") + query("tenant", tenant),
        new TypeReference<ProductUsage>() {});
  }

  @Override
  public ElementResult readResult(String jobId) {
    return get(path("jobs", jobId, "result"), new TypeReference<ElementResult>() {});
  }

  // Models

  @Override
  public List<ModelInfo> listModels() {
    return get("/models", new TypeReference<List<ModelInfo>>() {});
  }

  @Override
  public ModelInfo showModel(String model) {
    return get(path("models", model), new TypeReference<ModelInfo>() {});
  }

  // Keys

  @Override
  public List<KeyStatus> keyStatus() {
    return get("/keys", new TypeReference<List<KeyStatus>>() {});
  }

  @Override
  public UnlockMethod rotateMasterSecret(Unlock next) {
    throw new VaultException(
        ErrorCode.USER_ERROR,
        "keys rotate --master works embedded only (--vault DIR): a new master secret never"
            + " travels over the network");
  }

  @Override
  public List<KeyRotation> rotateDatasetKeys(String tenant, @Nullable String dataset) {
    throw new VaultException(
        ErrorCode.USER_ERROR,
        "keys rotate --tenant/--dataset works embedded only (--vault DIR) for now: it runs until"
            + " every chunk is re-encrypted");
  }

  // Jobs

  @Override
  public List<JobRecord> listJobs() {
    return get("/jobs", new TypeReference<List<JobRecord>>() {});
  }

  @Override
  public JobRecord showJob(String id) {
    return get(path("jobs", id), new TypeReference<JobRecord>() {});
  }

  @Override
  public JobRecord cancelJob(String id) {
    return post(path("jobs", id, "cancel"), null, JobRecord.class);
  }

  @Override
  public ModelInfo registerModel(String name, Path file, List<String> features) {
    HttpRequest request =
        request(path("models", name) + query("features", String.join(",", features)))
            .header("Content-Type", MediaTypes.ONNX)
            .POST(HttpRequest.BodyPublishers.ofByteArray(ModelFiles.read(file)))
            .build();
    return exchange(request, type(ModelInfo.class));
  }

  // Operation log

  @Override
  public List<LogEntry> showLog(LogSelection selection) {
    Map<String, @Nullable String> parameters = new LinkedHashMap<>();
    parameters.put("tenant", selection.tenant());
    parameters.put("actor", selection.actor());
    parameters.put("action", selection.action());
    parameters.put("since", selection.since() == null ? null : selection.since().toString());
    parameters.put("until", selection.until() == null ? null : selection.until().toString());
    return get("/log" + query(parameters), new TypeReference<List<LogEntry>>() {});
  }

  @Override
  public VerifyReport verifyLog(@Nullable Path checkpoint) {
    if (checkpoint == null) {
      return get("/log/verify", new TypeReference<VerifyReport>() {});
    }
    return post("/log/verify", Checkpoint.read(checkpoint), VerifyReport.class);
  }

  @Override
  public Checkpoint checkpointLog(Path out) {
    Checkpoint checkpoint = post("/log/checkpoint", null, Checkpoint.class);
    checkpoint.write(out);
    return checkpoint;
  }

  @Override
  public SignedTreeHead exportLog(Path out) {
    Wire.Export export = post("/log/export", null, Wire.Export.class);
    writeOwnerOnly(out, base64(export.export()));
    writeOwnerOnly(LogExporter.publicKeyFile(out), base64(export.publicKey()));
    return export.head();
  }

  @Override
  public LogEntry purgeLog(Instant before) {
    return post("/log/purge", new Wire.Purge(before), LogEntry.class);
  }

  // Plumbing

  private <T> T get(String path, TypeReference<T> type) {
    return exchange(
        request(path).GET().build(), ApiJson.mapper().getTypeFactory().constructType(type));
  }

  private <T> T post(String path, @Nullable Object body, Class<T> type) {
    return send("POST", path, body == null ? null : json(body), MediaTypes.JSON, type(type));
  }

  private <T> T send(
      String method, String path, byte @Nullable [] body, String contentType, JavaType type) {
    HttpRequest.Builder builder = request(path);
    if (body == null) {
      builder.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      builder.header("Content-Type", contentType);
      builder.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    }
    return exchange(builder.build(), type);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(server + Wire.API_PREFIX + path))
        .header("Authorization", authorization)
        .header("Accept", MediaTypes.JSON);
  }

  private <T> T exchange(HttpRequest request, JavaType type) {
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw ConnectionFailures.of(server, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VaultException(ErrorCode.INTERNAL, "interrupted while waiting for the server", e);
    }
    try (InputStream body = response.body()) {
      if (response.statusCode() / 100 != 2) {
        throw error(response.statusCode(), body.readAllBytes());
      }
      return ApiJson.mapper().readValue(body, type);
    } catch (IOException e) {
      throw new VaultException(ErrorCode.INTERNAL, "the server's reply is malformed", e);
    }
  }

  /** The server's error as the exception the embedded implementation would have thrown. */
  private static VaultException error(int status, byte[] body) {
    try {
      JsonNode node = ApiJson.mapper().readTree(body);
      Optional<ErrorCode> code = HttpErrors.code(node.path("code").asText(""));
      String message = node.path("message").asText("");
      if (code.isPresent() && !message.isEmpty()) {
        return new VaultException(code.get(), message);
      }
    } catch (IOException | RuntimeException e) {
      // Not our JSON: a proxy's or a load balancer's page. Fall through to the status.
    }
    return new VaultException(
        HttpErrors.codeOfStatus(status), "the vault server answered HTTP " + status);
  }

  private static byte[] base64(String file) {
    try {
      return Base64.getDecoder().decode(file);
    } catch (IllegalArgumentException e) {
      throw new VaultException(ErrorCode.INTERNAL, "the server's reply is malformed", e);
    }
  }

  private static JavaType type(Class<?> type) {
    return ApiJson.mapper().getTypeFactory().constructType(type);
  }

  private static byte[] json(Object value) {
    try {
      return ApiJson.mapper().writeValueAsBytes(value);
    } catch (IOException e) {
      throw new VaultException(ErrorCode.INTERNAL, "a request could not be written as JSON", e);
    }
  }

  private static String path(String... segments) {
    List<String> encoded = new ArrayList<>();
    for (String segment : segments) {
      encoded.add(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return "/" + String.join("/", encoded);
  }

  private static String query(String name, @Nullable String value) {
    Map<String, @Nullable String> parameters = new LinkedHashMap<>();
    parameters.put(name, value);
    return query(parameters);
  }

  private static String query(Map<String, @Nullable String> parameters) {
    List<String> pairs = new ArrayList<>();
    parameters.forEach(
        (name, value) -> {
          if (value != null) {
            pairs.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
          }
        });
    return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
  }

  private static void writeOwnerOnly(Path file, byte[] bytes) {
    try {
      if (!Files.exists(file)) {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      Files.write(file, bytes, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw new VaultException(ErrorCode.USER_ERROR, "cannot write " + file, e);
    }
  }

  @Override
  public String toString() {
    return "HttpApi[" + server + ", token redacted]";
  }
}
