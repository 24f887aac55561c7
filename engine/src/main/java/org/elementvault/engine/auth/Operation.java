package org.elementvault.engine.auth;

/**
 * Every operation a principal can ask for. The action name is what the operation log records, so
 * auditors can filter on it.
 */
public enum Operation {
  TENANT_APPLY("tenant.apply"),
  TENANT_REVIEW("tenant.review"),
  TENANT_ACTIVATE("tenant.activate"),
  TENANT_EXTEND_TRIAL("tenant.extend-trial"),
  TENANT_SUSPEND("tenant.suspend"),
  TENANT_RESUME("tenant.resume"),
  TENANT_EXIT("tenant.destroy"),
  TENANT_CHANGE("tenant.change"),
  TENANT_QUOTA("tenant.quota"),
  TENANT_LIST("tenant.list"),
  TENANT_SHOW("tenant.show"),
  USER_ADD("user.add"),
  USER_REVOKE("user.revoke"),
  USER_LIST("user.list"),
  LOG_SHOW("log.show"),
  LOG_VERIFY("log.verify"),
  LOG_CHECKPOINT("log.checkpoint"),
  LOG_EXPORT("log.export"),
  LOG_PURGE("log.purge"),
  DATASET_IMPORT("dataset.import"),
  DATASET_LIST("dataset.list"),
  DATASET_DESCRIBE("dataset.describe"),
  DATASET_CLASSIFY("dataset.classify"),
  DATASET_DROP("dataset.drop"),
  DATASET_SCAN("dataset.scan"),
  DATASET_BUDGET("dataset.budget"),
  DATASET_BUDGET_STATUS("dataset.budget-status"),
  BUDGET_CHARGE("budget.charge"),
  BUDGET_REFUND("budget.refund"),
  ELEMENT_CHECK("element.check"),
  ELEMENT_SUBMIT("element.submit"),
  ELEMENT_REVIEW("element.review"),
  ELEMENT_LIST("element.list"),
  ELEMENT_SHOW("element.show"),
  ELEMENT_RUN("element.run"),
  ELEMENT_SUSPEND("element.suspend"),
  ELEMENT_RESUME("element.resume"),
  ELEMENT_RETIRE("element.retire"),
  ELEMENT_RELEASE("element.release"),
  ELEMENT_CATALOG("element.catalog"),
  ELEMENT_USAGE("element.usage"),
  RESULT_RELEASE("result.release"),
  RESULT_READ("result.read"),
  PRODUCT_REGISTER("product.register"),
  PRODUCT_REVIEW("product.review"),
  PRODUCT_LIST("product.list"),
  PRODUCT_SHOW("product.show"),
  PRODUCT_CERTIFICATE("product.certificate"),
  PRODUCT_RUN("product.run"),
  PRODUCT_USAGE("product.usage"),
  PRODUCT_SUSPEND("product.suspend"),
  PRODUCT_RESUME("product.resume"),
  MODEL_TRAIN("model.train"),
  MODEL_REGISTER("model.register"),
  MODEL_LIST("model.list"),
  MODEL_SHOW("model.show"),
  BACKUP_CREATE("backup.create"),
  BACKUP_LIST("backup.list"),
  BACKUP_RESTORE("backup.restore"),
  BACKUP_DRILL("backup.drill"),
  JOB_LIST("job.list"),
  JOB_SHOW("job.show"),
  JOB_CANCEL("job.cancel"),
  KEYS_ROTATE("keys.rotate"),
  KEYS_STATUS("keys.status");

  private final String action;

  Operation(String action) {
    this.action = action;
  }

  /** The dotted action name the log records for this operation. */
  public String action() {
    return action;
  }
}
