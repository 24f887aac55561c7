package org.elementvault.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.elementvault.sandbox.element.DatasetCategory;
import org.elementvault.sandbox.product.CertificateFile;
import org.elementvault.sandbox.product.Product;
import org.elementvault.sandbox.product.ProductApplication;
import org.elementvault.sandbox.product.ProductCertificate;
import org.elementvault.sandbox.product.ProductDecision;
import org.elementvault.sandbox.product.ProductElement;
import org.elementvault.sandbox.product.ProductRun;
import org.elementvault.sandbox.product.ProductUsage;
import org.elementvault.sandbox.product.ProductView;
import org.elementvault.sandbox.product.SignedCertificate;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code evault product …}: data products on published elements (数据产品). */
@Command(
    name = "product",
    mixinStandardHelpOptions = true,
    description =
        "Data products on published elements: register, review, suspend, resume, list, show,"
            + " the registration certificate and its offline check, runs inside the period,"
            + " usage.")
final class ProductCommand {

  @ParentCommand EvaultCommand global;

  @Spec CommandSpec spec;

  @Command(
      name = "register",
      mixinStandardHelpOptions = true,
      description =
          "Register a product of your tenant on published elements, for a purpose, scope and"
              + " period (tenant admin); the vault admin reviews it.")
  void register(
      @Option(names = "--name", required = true, paramLabel = "P") String name,
      @Option(names = "--elements", required = true, split = ",", paramLabel = "E1,E2")
          List<String> elements,
      @Option(names = "--purpose", required = true, paramLabel = "TEXT") String purpose,
      @Option(names = "--scope", required = true, paramLabel = "TEXT") String scope,
      @Option(names = "--from", required = true, paramLabel = "DATE") String from,
      @Option(names = "--until", required = true, paramLabel = "DATE") String until) {
    try (Session session = Session.open(global, spec.commandLine())) {
      Product product =
          session.api.registerProduct(
              new ProductApplication(name, elements, purpose, scope, from, until));
      Rendering.printObject(spec.commandLine().getOut(), global.output, summary(product));
    }
  }

  /** One of the three decisions on a product. */
  static final class ReviewDecision {
    @Option(names = "--approve", required = true)
    boolean approve;

    @Option(
        names = "--approve-conditional",
        required = true,
        description =
            "Approve a product over CONDITIONAL (有条件开放) datasets, and its purpose for them.")
    boolean approveConditional;

    @Option(names = "--reject", required = true)
    boolean reject;

    ProductDecision decision() {
      if (approveConditional) {
        return ProductDecision.APPROVE_CONDITIONAL;
      }
      return approve ? ProductDecision.APPROVE : ProductDecision.REJECT;
    }
  }

  @Command(
      name = "review",
      mixinStandardHelpOptions = true,
      description = {
        "Approve a registered product, issuing its signed registration certificate, or reject"
            + " it (vault admin).",
        "`product show P` lists the datasets behind its elements and their open categories.",
        "A product over a CONDITIONAL (有条件开放) dataset is approved only with"
            + " --approve-conditional, which records that its purpose is approved for those"
            + " datasets; NONE (不予开放) datasets back no product."
      })
  void review(
      @Parameters(paramLabel = "P") String name,
      @Option(names = "--tenant", paramLabel = "T") @Nullable String tenant,
      @ArgGroup(multiplicity = "1") ReviewDecision decision,
      @Option(names = "--reason", required = true, paramLabel = "R") String reason) {
    try (Session session = Session.open(global, spec.commandLine())) {
      Product product = session.api.reviewProduct(tenant, name, decision.decision(), reason);
      Rendering.printObject(spec.commandLine().getOut(), global.output, summary(product));
    }
  }

  @Command(
      name = "suspend",
      mixinStandardHelpOptions = true,
      description = "Stop an active product at once: its runs are refused (vault admin).")
  void suspend(
      @Parameters(paramLabel = "P") String name,
      @Option(names = "--tenant", paramLabel = "T") @Nullable String tenant,
      @Option(names = "--reason", required = true, paramLabel = "R") String reason) {
    try (Session session = Session.open(global, spec.commandLine())) {
      Product product = session.api.suspendProduct(tenant, name, reason);
      Rendering.printObject(spec.commandLine().getOut(), global.output, summary(product));
    }
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description = "Let a suspended product run again (vault admin).")
  void resume(
      @Parameters(paramLabel = "P") String name,
      @Option(names = "--tenant", paramLabel = "T") @Nullable String tenant) {
    try (Session session = Session.open(global, spec.commandLine())) {
      Product product = session.api.resumeProduct(tenant, name);
      Rendering.printObject(spec.commandLine().getOut(), global.output, summary(product));
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List products.")
  void list() {
    try (Session session = Session.open(global, spec.commandLine())) {
      List<List<String>> rows = new ArrayList<>();
      for (Product product : session.api.listProducts()) {
        rows.add(new ArrayList<>(summary(product).values()));
      }
      Rendering.printTable(
          spec.commandLine().getOut(),
          global.output,
          List.of("name", "tenant", "state", "elements", "from", "until"),
          rows);
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a product.")
  void show(
      @Parameters(paramLabel = "P") String name,
      @Option(names = "--tenant", paramLabel = "T") @Nullable String tenant) {
    try (Session session = Session.open(global, spec.commandLine())) {
      ProductView view = session.api.showProduct(tenant, name);
      if (global.output == OutputFormat.JSON) {
        ElementCommand.printJson(spec.commandLine().getOut(), view);
        return;
      }
      Product product = view.product();
      Map<String, String> fields = summary(product);
      fields.put(
          "element_owners",
          String.join(
              " ", product.elements().stream().map(e -> e.id() + ":" + e.ownerTenant()).toList()));
      fields.put(
          "element_states",
          String.join(
              " ", view.elements().stream().map(e -> e.element().id() + ":" + e.state()).toList()));
      fields.put(
          "datasets",
          String.join(
              " ",
              view.datasets().stream().map(d -> d.qualifiedName() + ":" + d.category()).toList()));
      fields.put(
          "conditional_approvals",
          String.join(
              " ",
              product.conditionalApprovals().stream()
                  .map(DatasetCategory::qualifiedName)
                  .toList()));
      fields.put("purpose", product.purpose());
      fields.put("scope", product.scope());
      fields.put("registrant", product.registrant());
      fields.put("registered_at", product.registeredAt().toString());
      fields.put("reviewer", product.reviewer() == null ? "" : product.reviewer());
      fields.put("reason", product.reason() == null ? "" : product.reason());
      SignedCertificate certificate = product.certificate();
      fields.put(
          "certificate_log_entry",
          certificate == null ? "" : Long.toString(certificate.certificate().logSequence()));
      Rendering.printObject(spec.commandLine().getOut(), global.output, fields);
    }
  }

  @Command(
      name = "certificate",
      mixinStandardHelpOptions = true,
      description = {
        "Write an approved product's signed registration certificate to F.",
        "Check it offline with: evault product verify-certificate --file F --public-key"
            + " LOG.pub (the key `log export` writes)."
      })
  void certificate(
      @Parameters(paramLabel = "P") String name,
      @Option(names = "--tenant", paramLabel = "T") @Nullable String tenant,
      @Option(names = "--out", required = true, paramLabel = "F") Path out) {
    try (Session session = Session.open(global, spec.commandLine())) {
      SignedCertificate certificate = session.api.productCertificate(tenant, name);
      try {
        Files.write(out, CertificateFile.encode(certificate), StandardOpenOption.CREATE_NEW);
      } catch (FileAlreadyExistsException e) {
        throw new CliException("certificate file " + out + " already exists");
      } catch (IOException e) {
        throw new CliException("cannot write certificate file " + out);
      }
      Rendering.printObject(
          spec.commandLine().getOut(), global.output, fields(certificate.certificate(), out));
    }
  }

  @Command(
      name = "verify-certificate",
      mixinStandardHelpOptions = true,
      description = {
        "Verify a registration certificate offline against the vault's public key; no vault"
            + " needed.",
        "The key is the F.pub that `log export` writes. Exit status 1 if it does not verify."
      })
  void verifyCertificate(
      @Option(names = "--file", required = true, paramLabel = "F") Path file,
      @Option(names = "--public-key", required = true, paramLabel = "F.pub") Path publicKey) {
    ProductCertificate certificate = CertificateFile.verify(file, publicKey);
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("result", "OK");
    fields.putAll(fields(certificate, file));
    Rendering.printObject(spec.commandLine().getOut(), global.output, fields);
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = {
        "Run a listed, published element of an active product inside its period (a developer of"
            + " the product's tenant) and write the element's desensitized result.",
        "With --out F, the result goes to F in the format its extension names: .csv, .json,"
            + " .arrow or .arrows."
      })
  void run(
      @Parameters(paramLabel = "P") String name,
      @Option(names = "--element", required = true, paramLabel = "E") String element,
      @Option(names = "--out", paramLabel = "F", description = "Write the result to F.")
          @Nullable Path out,
      @Option(
              names = "--param",
              paramLabel = "NAME=VALUE",
              description =
                  "A template parameter's value, one of its declared domain; repeat for each.")
          @Nullable Map<String, String> parameters) {
    try (@Nullable ResultTarget target =
            out == null ? null : ElementCommand.resultTarget(spec, out);
        Session session = Session.open(global, spec.commandLine())) {
      ProductRun run =
          session.api.runProduct(name, element, parameters == null ? Map.of() : parameters);
      if (target == null) {
        ResultOutput.print(spec.commandLine().getOut(), global.output, run.result());
        return;
      }
      target.write(run.result());
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("job", run.jobId());
      fields.put("element", run.element());
      fields.put("rows", Integer.toString(run.releasedRows()));
      fields.put("file", target.path().toString());
      fields.put("hash", run.release().hash());
      Rendering.printObject(spec.commandLine().getOut(), global.output, fields);
    }
  }

  @Command(
      name = "usage",
      mixinStandardHelpOptions = true,
      description =
          "A product's runs and released rows per month, from the operation log (the vault admin,"
              + " the product's tenant admin, and element owners' admins for their elements).")
  void usage(
      @Parameters(paramLabel = "P") String name,
      @Option(names = "--tenant", paramLabel = "T") @Nullable String tenant) {
    try (Session session = Session.open(global, spec.commandLine())) {
      ProductUsage usage = session.api.productUsage(tenant, name);
      PrintWriter out = spec.commandLine().getOut();
      if (global.output == OutputFormat.JSON) {
        ElementCommand.printJson(out, usage);
        return;
      }
      List<List<String>> rows = new ArrayList<>();
      for (ProductUsage.Month month : usage.months()) {
        rows.add(
            List.of(
                month.month(), Long.toString(month.runs()), Long.toString(month.releasedRows())));
      }
      Rendering.printTable(out, global.output, List.of("month", "runs", "released_rows"), rows);
    }
  }

  private static Map<String, String> summary(Product product) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("name", product.name());
    fields.put("tenant", product.tenant());
    fields.put("state", product.state().name());
    fields.put(
        "elements", String.join(" ", product.elements().stream().map(ProductElement::id).toList()));
    fields.put("from", product.period().from().toString());
    fields.put("until", product.period().until().toString());
    return fields;
  }

  private static Map<String, String> fields(ProductCertificate certificate, Path file) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("product", certificate.product());
    fields.put("tenant", certificate.ownerTenant());
    fields.put(
        "elements",
        String.join(
            " ",
            certificate.elements().stream().map(e -> e.id() + ":" + e.ownerTenant()).toList()));
    fields.put("from", certificate.period().from().toString());
    fields.put("until", certificate.period().until().toString());
    fields.put("conditional_datasets", String.join(" ", certificate.conditionalDatasets()));
    fields.put("log_entry", Long.toString(certificate.logSequence()));
    fields.put("issued_at", certificate.issuedAt().toString());
    fields.put("file", file.toString());
    return fields;
  }
}
