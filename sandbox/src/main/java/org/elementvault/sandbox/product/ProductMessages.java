package org.elementvault.sandbox.product;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.elementvault.sandbox.element.DatasetCategory;

/**
 * The product workflow's user-facing texts, in one place so tests and documentation quote the same
 * words. They name products, elements, states, dates and rules, never a data value.
 */
final class ProductMessages {

  static final String UNTIL_NOT_AFTER_FROM = "--until must be a day after --from";
  static final String ELEMENTS_COUNT =
      "--elements must name 1 to " + Products.MAX_ELEMENTS + " published elements";
  static final String CERTIFICATE_SIGNATURE =
      "certificate: its signature does not verify with the public key";

  private ProductMessages() {}

  static String notADate(String option) {
    return "--" + option + " must be a date YYYY-MM-DD";
  }

  static String elementTwice(String id) {
    return "--elements lists element " + id + " twice";
  }

  static String notInCatalog(String id) {
    return "element " + id + " is not PUBLISHED in the catalog: a product uses published elements";
  }

  static String modelElement(String id) {
    return "element " + id + " is a model element: a product uses DATASET elements";
  }

  static String beyondValidity(String id, LocalDate until, Instant validUntil) {
    return "the period ends "
        + until
        + ", after element "
        + id
        + "'s validity ends at "
        + validUntil
        + ": a product's period must lie within each element's";
  }

  static String notFound(String name) {
    return "product " + name + " not found";
  }

  static String nameTaken(String name, String tenant) {
    return "product " + name + " exists in tenant " + tenant + "; choose another name";
  }

  static String ambiguous(String name) {
    return "product " + name + " exists in several tenants: name the tenant with --tenant T";
  }

  static String state(String name, ProductState state, String step, List<ProductState> needs) {
    return "product "
        + name
        + " is "
        + state
        + ": "
        + step
        + " needs "
        + either(needs.stream().map(ProductState::name).toList());
  }

  /** {@code A}, {@code A or B}, {@code A, B or C}. */
  private static String either(List<String> names) {
    if (names.size() == 1) {
      return names.get(0);
    }
    return String.join(", ", names.subList(0, names.size() - 1))
        + " or "
        + names.get(names.size() - 1);
  }

  static String outsidePeriod(String name, Period period, LocalDate today) {
    return "product "
        + name
        + " runs from "
        + period.from()
        + " to "
        + period.until()
        + ": "
        + today
        + " is outside its period";
  }

  static String notListed(String name, String element) {
    return "element " + element + " is not listed in product " + name;
  }

  static String elementState(String id, Object state) {
    return "element " + id + " is " + state + ": a product run needs PUBLISHED";
  }

  static String notOpen(DatasetCategory dataset) {
    return dataset.describe() + ": it backs no product";
  }

  static String needsConditionalApproval(String name, DatasetCategory dataset) {
    return dataset.describe()
        + ": approve product "
        + name
        + " with --approve-conditional to approve its purpose for that dataset";
  }

  static String nothingConditional(String name) {
    return "product " + name + " uses no CONDITIONAL (有条件开放) dataset: approve it with --approve";
  }

  static String notApprovedFor(DatasetCategory dataset, String name) {
    return dataset.describe()
        + ": product "
        + name
        + "'s review did not approve its purpose for that dataset";
  }

  static String tenantNotWorking(String tenant, Object state) {
    return "tenant " + tenant + " is " + state + ": products need a working tenant";
  }

  static String tenantNotFound(String tenant) {
    return "tenant " + tenant + " not found";
  }

  static String certificateMalformed(String rule) {
    return "certificate: not a product registration certificate (" + rule + ")";
  }
}
