package org.elementvault.engine;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads one small YAML document from a hostile file, token by token: bounded size and nesting,
 * strict UTF-8 (a leading byte order mark skipped), exactly one document, no anchors, aliases or
 * tags. Every refusal is {@code USER_ERROR} with a message that starts with the file's kind ({@code
 * schema: …}, {@code spec: …}) and never quotes the file: the parser's own messages do, so neither
 * they nor the exceptions carrying them travel on.
 */
public final class StrictYaml {

  /** Reads the document's tokens into a value. */
  @FunctionalInterface
  public interface DocumentReader<T> {
    T read(Tokens tokens) throws IOException;
  }

  private final String kind;
  private final int maxBytes;
  private final YAMLFactory factory;

  /**
   * A reader of {@code kind} files (the prefix of its messages) of at most {@code maxBytes}, nested
   * at most {@code maxNesting} levels deep.
   */
  public StrictYaml(String kind, int maxBytes, int maxNesting) {
    this.kind = kind;
    this.maxBytes = maxBytes;
    this.factory =
        YAMLFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(maxNesting)
                    .maxNameLength(1024)
                    .maxStringLength(maxBytes)
                    .maxDocumentLength(maxBytes)
                    .maxNumberLength(64)
                    .build())
            .disable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .build();
  }

  /**
   * Reads {@code yaml} with {@code reader}, which starts at the document's first token.
   *
   * @throws VaultException {@code USER_ERROR} for a file too large, empty, not UTF-8, not YAML, of
   *     several documents or with anchors, aliases or tags, and whatever {@code reader} throws
   */
  public <T> T read(byte[] yaml, DocumentReader<T> reader) {
    if (yaml.length > maxBytes) {
      throw error(
          "the file is larger than "
              + (maxBytes % (1 << 20) == 0
                  ? (maxBytes >> 20) + " MiB"
                  : (maxBytes >> 10) + " KiB"));
    }
    String text = decodeUtf8(yaml);
    if (text.isBlank()) {
      throw error("the file is empty");
    }
    try (JsonParser parser = factory.createParser(text)) {
      Tokens tokens = new Tokens(parser);
      if (parser.nextToken() == null) {
        throw error("the file is empty"); // only comments
      }
      tokens.checkNoAnchorAliasOrTag();
      T value = reader.read(tokens);
      if (parser.nextToken() != null) {
        throw error("the file must hold exactly one YAML document");
      }
      return value;
    } catch (VaultException e) {
      throw e;
    } catch (JsonProcessingException e) {
      JsonLocation location = e.getLocation();
      throw location == null
          ? notYaml(0, 0)
          : notYaml(location.getLineNr(), location.getColumnNr());
    } catch (IOException | RuntimeException e) {
      // SnakeYAML throws its own unchecked exceptions for some malformed input.
      throw notYaml(0, 0);
    }
  }

  /** The tokens of one document, each checked for anchors, aliases and tags. */
  public final class Tokens {
    private final JsonParser parser;

    private Tokens(JsonParser parser) {
      this.parser = parser;
    }

    /** The parser, positioned on the current token. */
    public JsonParser parser() {
      return parser;
    }

    /** The current token. */
    public JsonToken current() {
      return parser.currentToken();
    }

    /** Advances inside the document; the end of input here means the document is cut short. */
    public JsonToken next() throws IOException {
      JsonToken token = parser.nextToken();
      if (token == null) {
        JsonLocation location = parser.currentLocation();
        throw notYaml(location.getLineNr(), location.getColumnNr());
      }
      checkNoAnchorAliasOrTag();
      return token;
    }

    private void checkNoAnchorAliasOrTag() throws IOException {
      if (parser instanceof YAMLParser yaml
          && (yaml.isCurrentAlias() || yaml.getObjectId() != null || yaml.getTypeId() != null)) {
        throw error("YAML anchors (&), aliases (*) and tags (!) are not allowed");
      }
    }
  }

  /**
   * {@code " " + text} if {@code text} is a short plain word (ASCII letters, digits, {@code _})
   * that a message may show, else nothing: a key or type name from the file, never anything longer.
   */
  public static String shown(String text) {
    if (text.isEmpty() || text.length() > 32) {
      return "";
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean plain =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
      if (!plain) {
        return "";
      }
    }
    return " " + text;
  }

  private String decodeUtf8(byte[] yaml) {
    CharBuffer chars;
    try {
      chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(yaml));
    } catch (CharacterCodingException e) {
      throw error("the file is not valid UTF-8");
    }
    String text = chars.toString();
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  private VaultException notYaml(int line, int column) {
    return error("not valid YAML (line " + line + ", column " + column + ")");
  }

  private VaultException error(String message) {
    return new VaultException(ErrorCode.USER_ERROR, kind + ": " + message);
  }
}
