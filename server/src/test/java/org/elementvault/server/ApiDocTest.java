package org.elementvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.elementvault.server.api.ApiJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every curl example of {@code docs/api.md}, in order, against a real server: each is parsed
 * (method, headers, body, URL), sent with Java's HTTP client and must answer the status the page
 * gives after it ({@code # → 201}). Tokens and ids that the page names ({@code (token → ALICE)},
 * {@code (id → ELEMENT)}) are taken from the replies for later examples. Every JSON reply must fit
 * the schema the OpenAPI document gives for its operation and status, and every example must be one
 * of the document's operations.
 */
class ApiDocTest {

  private static final Path DOC = Path.of("..", "docs", "api.md");
  private static final Pattern BLOCK = Pattern.compile("```sh\\n(curl .*?)```", Pattern.DOTALL);
  private static final Pattern EXPECT = Pattern.compile("# → (\\d{3})(?: \\((\\w+) → (\\w+)\\))?");
  private static final Pattern VARIABLE = Pattern.compile("\\$(\\w+)");

  @Test
  void everyCurlExample_answersItsDocumentedStatus(@TempDir Path directory) throws Exception {
    List<String> examples = examples();
    assertThat(examples).hasSizeGreaterThan(15);

    try (TestingServer server = new TestingServer(directory)) {
      Files.copy(
          server.residentsCsv(),
          directory.resolve("residents.csv"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.writeString(
          directory.resolve("income-by-district.yaml"), RemoteDemoTest.AGGREGATE_SPEC);
      Files.writeString(
          directory.resolve("regional-income.yaml"),
          RemoteDemoTest.AGGREGATE_SPEC.replace(
              "name: income-by-district", "name: regional-income"));
      Files.writeString(directory.resolve("not-a-model.onnx"), "not a model");
      Map<String, String> variables = new HashMap<>();
      variables.put("EVAULT", server.url());
      variables.put("CA", server.caPem().toString());
      variables.put("ROOT", Files.readString(server.rootToken()).trim());
      variables.put(
          "SCHEMA_B64",
          java.util.Base64.getEncoder().encodeToString(TestingServer.residentsSchema()));
      OpenApiDocument document = OpenApiDocument.load();
      for (String example : examples) {
        run(server, directory, variables, example, document);
      }
    }
  }

  @Test
  void everyCurlExample_isAnOperationOfTheOpenApiDocument() throws IOException {
    OpenApiDocument document = OpenApiDocument.load();
    List<String> undocumented = new ArrayList<>();
    int checked = 0;
    for (String example : examples()) {
      Matcher expect = EXPECT.matcher(example);
      assertThat(expect.find()).as("the expected status of %s", example).isTrue();
      String command = example.substring(0, expect.start()).replace("\\\n", " ");
      List<String> words = words(VARIABLE.matcher(command).replaceAll("x"));
      String method = null;
      String url = null;
      for (int i = 1; i < words.size(); i++) {
        switch (words.get(i)) {
          case "--cacert", "-o", "-H" -> i++;
          case "-X" -> method = words.get(++i);
          case "-d", "--data-binary" -> {
            i++;
            method = method == null ? "POST" : method;
          }
          default -> url = words.get(i);
        }
      }
      assertThat(url).as("the URL of %s", example).isNotNull();
      String path = url.substring(1).split("\\?", 2)[0];
      method = method == null ? "GET" : method;
      checked++;
      if (!document.describes(method, path)) {
        undocumented.add(method + " " + path);
      }
    }

    assertThat(checked).isGreaterThan(15);
    assertThat(undocumented).isEmpty();
  }

  private static List<String> examples() throws IOException {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    List<String> examples = new ArrayList<>();
    Matcher block = BLOCK.matcher(doc);
    while (block.find()) {
      examples.add(block.group(1));
    }
    return examples;
  }

  private static void run(
      TestingServer server,
      Path directory,
      Map<String, String> variables,
      String example,
      OpenApiDocument document)
      throws IOException, InterruptedException {
    Matcher expect = EXPECT.matcher(example);
    assertThat(expect.find()).as("the expected status of %s", example).isTrue();
    String command = example.substring(0, expect.start()).replace("\\\n", " ");
    List<String> words = words(substitute(command, variables));
    String method = null;
    String url = null;
    HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
    HttpRequest.Builder request = HttpRequest.newBuilder();
    for (int i = 1; i < words.size(); i++) {
      String word = words.get(i);
      switch (word) {
        case "--cacert", "-o" -> i++;
        case "-X" -> method = words.get(++i);
        case "-H" -> {
          String[] header = words.get(++i).split(":\\s*", 2);
          request.header(header[0], header[1]);
        }
        case "-d" -> {
          body = HttpRequest.BodyPublishers.ofString(words.get(++i), StandardCharsets.UTF_8);
          method = method == null ? "POST" : method;
        }
        case "--data-binary" -> {
          body = HttpRequest.BodyPublishers.ofFile(directory.resolve(words.get(++i).substring(1)));
          method = method == null ? "POST" : method;
        }
        default -> url = word;
      }
    }
    assertThat(url).as("the URL of %s", example).startsWith("https://");
    HttpResponse<byte[]> response =
        server
            .client()
            .send(
                request
                    .uri(java.net.URI.create(url))
                    .method(method == null ? "GET" : method, body)
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.statusCode())
        .as("%s answered %s", example, new String(response.body(), StandardCharsets.UTF_8))
        .isEqualTo(Integer.parseInt(expect.group(1)));
    if (response.headers().firstValue("content-type").orElse("").startsWith("application/json")) {
      assertThat(
              document.replyProblems(
                  method == null ? "GET" : method,
                  java.net.URI.create(url).getRawPath(),
                  response.statusCode(),
                  response.body()))
          .as("the reply to %s against the OpenAPI document", example)
          .isEmpty();
    }
    if (expect.group(2) != null) {
      JsonNode reply = ApiJson.mapper().readTree(response.body());
      variables.put(expect.group(3), reply.path(expect.group(2)).asText());
    }
  }

  private static String substitute(String command, Map<String, String> variables) {
    Matcher variable = VARIABLE.matcher(command);
    StringBuilder out = new StringBuilder();
    while (variable.find()) {
      String value = variables.get(variable.group(1));
      assertThat(value).as("variable $%s", variable.group(1)).isNotNull();
      variable.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    variable.appendTail(out);
    return out.toString();
  }

  /** Splits a shell command line into words, honouring single and double quotes. */
  private static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    char quote = 0;
    boolean inWord = false;
    for (char c : line.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
