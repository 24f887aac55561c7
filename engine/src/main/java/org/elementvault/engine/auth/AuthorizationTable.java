package org.elementvault.engine.auth;

/**
 * The one table that decides whether a role may ask for an operation. Tenant-scoped roles are
 * further limited to their own tenant by each service; this table says nothing about which tenant.
 *
 * <p>Raw data is read ({@code DATASET_SCAN}) only on a tenant's own behalf, by its admin or its
 * developers (whose queries the sandbox restricts): the vault admin and auditors manage and audit
 * the vault but never read a tenant's data. For the same reason only developers run elements and
 * release or read results; the vault admin reviews elements but never runs them. The vault admin
 * suspends, resumes and retires elements and decides release reviews; a developer may retire and
 * release only their own (the element service checks whose it is). Every principal reads the
 * catalog of published elements; usage statistics are for the vault admin and the owning tenant.
 *
 * <p>Likewise the vault admin alone sets a dataset's ε budget, and only developers, whose runs
 * spend it, charge and refund it. Backups, restores and drills are the vault admin's; auditors may
 * list the backups the log registers. Only developers train models, as they run elements; a tenant
 * admin registers its tenant's external (ONNX) models; every role may list and show the models it
 * is allowed to see.
 *
 * <p>A consuming tenant's admin registers a data product and the vault admin reviews it; only the
 * consuming tenant's developers run it (the product service checks the tenant), and usage is for
 * the vault admin and tenant admins (the consuming one, and element owners for their elements).
 */
public final class AuthorizationTable {

  private AuthorizationTable() {}

  /** Whether {@code role} may perform {@code operation} at all. */
  public static boolean allows(Role role, Operation operation) {
    return switch (role) {
      case ADMIN ->
          switch (operation) {
            case DATASET_SCAN,
                BUDGET_CHARGE,
                BUDGET_REFUND,
                ELEMENT_CHECK,
                ELEMENT_SUBMIT,
                ELEMENT_RUN,
                RESULT_RELEASE,
                RESULT_READ,
                MODEL_TRAIN,
                ELEMENT_RELEASE,
                PRODUCT_REGISTER,
                PRODUCT_RUN,
                MODEL_REGISTER ->
                false;
            case TENANT_APPLY,
                TENANT_REVIEW,
                TENANT_ACTIVATE,
                TENANT_EXTEND_TRIAL,
                TENANT_SUSPEND,
                TENANT_RESUME,
                TENANT_EXIT,
                TENANT_CHANGE,
                TENANT_QUOTA,
                TENANT_LIST,
                TENANT_SHOW,
                USER_ADD,
                USER_REVOKE,
                USER_LIST,
                LOG_SHOW,
                LOG_VERIFY,
                LOG_CHECKPOINT,
                LOG_EXPORT,
                LOG_PURGE,
                DATASET_IMPORT,
                DATASET_LIST,
                DATASET_DESCRIBE,
                DATASET_CLASSIFY,
                DATASET_DROP,
                DATASET_BUDGET,
                DATASET_BUDGET_STATUS,
                ELEMENT_REVIEW,
                ELEMENT_LIST,
                ELEMENT_SHOW,
                ELEMENT_SUSPEND,
                ELEMENT_RESUME,
                ELEMENT_RETIRE,
                MODEL_LIST,
                MODEL_SHOW,
                BACKUP_CREATE,
                BACKUP_LIST,
                BACKUP_RESTORE,
                BACKUP_DRILL,
                ELEMENT_CATALOG,
                ELEMENT_USAGE,
                PRODUCT_REVIEW,
                PRODUCT_LIST,
                PRODUCT_SHOW,
                PRODUCT_CERTIFICATE,
                PRODUCT_USAGE,
                PRODUCT_SUSPEND,
                PRODUCT_RESUME,
                JOB_LIST,
                JOB_SHOW,
                JOB_CANCEL,
                KEYS_ROTATE,
                KEYS_STATUS ->
                true;
          };
      case AUDITOR ->
          switch (operation) {
            case TENANT_LIST,
                TENANT_SHOW,
                USER_LIST,
                LOG_SHOW,
                LOG_VERIFY,
                LOG_CHECKPOINT,
                LOG_EXPORT,
                DATASET_LIST,
                DATASET_DESCRIBE,
                DATASET_BUDGET_STATUS,
                ELEMENT_LIST,
                ELEMENT_SHOW,
                MODEL_LIST,
                MODEL_SHOW,
                BACKUP_LIST,
                ELEMENT_CATALOG,
                PRODUCT_LIST,
                PRODUCT_SHOW,
                PRODUCT_CERTIFICATE,
                JOB_LIST,
                JOB_SHOW,
                KEYS_STATUS ->
                true;
            case TENANT_APPLY,
                TENANT_REVIEW,
                TENANT_ACTIVATE,
                TENANT_EXTEND_TRIAL,
                TENANT_SUSPEND,
                TENANT_RESUME,
                TENANT_EXIT,
                TENANT_CHANGE,
                TENANT_QUOTA,
                USER_ADD,
                USER_REVOKE,
                LOG_PURGE,
                DATASET_IMPORT,
                DATASET_CLASSIFY,
                DATASET_DROP,
                DATASET_SCAN,
                DATASET_BUDGET,
                BUDGET_CHARGE,
                BUDGET_REFUND,
                ELEMENT_CHECK,
                ELEMENT_SUBMIT,
                ELEMENT_REVIEW,
                ELEMENT_RUN,
                RESULT_RELEASE,
                RESULT_READ,
                ELEMENT_SUSPEND,
                ELEMENT_RESUME,
                ELEMENT_RETIRE,
                MODEL_TRAIN,
                MODEL_REGISTER,
                BACKUP_CREATE,
                BACKUP_RESTORE,
                BACKUP_DRILL,
                ELEMENT_RELEASE,
                ELEMENT_USAGE,
                PRODUCT_REGISTER,
                PRODUCT_REVIEW,
                PRODUCT_RUN,
                PRODUCT_USAGE,
                PRODUCT_SUSPEND,
                PRODUCT_RESUME,
                JOB_CANCEL,
                KEYS_ROTATE ->
                false;
          };
      case TENANT_ADMIN ->
          switch (operation) {
            case TENANT_CHANGE,
                TENANT_SHOW,
                USER_ADD,
                USER_REVOKE,
                USER_LIST,
                LOG_SHOW,
                DATASET_IMPORT,
                DATASET_LIST,
                DATASET_DESCRIBE,
                DATASET_CLASSIFY,
                DATASET_DROP,
                DATASET_SCAN,
                DATASET_BUDGET_STATUS,
                ELEMENT_LIST,
                ELEMENT_SHOW,
                MODEL_LIST,
                MODEL_SHOW,
                MODEL_REGISTER,
                ELEMENT_CATALOG,
                ELEMENT_USAGE,
                PRODUCT_REGISTER,
                PRODUCT_LIST,
                PRODUCT_SHOW,
                PRODUCT_CERTIFICATE,
                PRODUCT_USAGE,
                JOB_LIST,
                JOB_SHOW ->
                true;
            case TENANT_APPLY,
                TENANT_REVIEW,
                TENANT_ACTIVATE,
                TENANT_EXTEND_TRIAL,
                TENANT_SUSPEND,
                TENANT_RESUME,
                TENANT_EXIT,
                TENANT_QUOTA,
                TENANT_LIST,
                LOG_VERIFY,
                LOG_CHECKPOINT,
                LOG_EXPORT,
                LOG_PURGE,
                DATASET_BUDGET,
                BUDGET_CHARGE,
                BUDGET_REFUND,
                ELEMENT_CHECK,
                ELEMENT_SUBMIT,
                ELEMENT_REVIEW,
                ELEMENT_RUN,
                RESULT_RELEASE,
                RESULT_READ,
                ELEMENT_SUSPEND,
                ELEMENT_RESUME,
                ELEMENT_RETIRE,
                MODEL_TRAIN,
                BACKUP_CREATE,
                BACKUP_LIST,
                BACKUP_RESTORE,
                BACKUP_DRILL,
                ELEMENT_RELEASE,
                PRODUCT_REVIEW,
                PRODUCT_RUN,
                PRODUCT_SUSPEND,
                PRODUCT_RESUME,
                JOB_CANCEL,
                KEYS_ROTATE,
                KEYS_STATUS ->
                false;
          };
      case DEVELOPER ->
          switch (operation) {
            case TENANT_SHOW,
                DATASET_LIST,
                DATASET_DESCRIBE,
                DATASET_SCAN,
                DATASET_BUDGET_STATUS,
                BUDGET_CHARGE,
                BUDGET_REFUND,
                ELEMENT_CHECK,
                ELEMENT_SUBMIT,
                ELEMENT_LIST,
                ELEMENT_SHOW,
                ELEMENT_RUN,
                RESULT_RELEASE,
                RESULT_READ,
                ELEMENT_RETIRE,
                MODEL_TRAIN,
                MODEL_LIST,
                MODEL_SHOW,
                ELEMENT_RELEASE,
                ELEMENT_CATALOG,
                ELEMENT_USAGE,
                PRODUCT_LIST,
                PRODUCT_SHOW,
                PRODUCT_CERTIFICATE,
                PRODUCT_RUN,
                JOB_LIST,
                JOB_SHOW,
                JOB_CANCEL ->
                true;
            case TENANT_APPLY,
                TENANT_REVIEW,
                TENANT_ACTIVATE,
                TENANT_EXTEND_TRIAL,
                TENANT_SUSPEND,
                TENANT_RESUME,
                TENANT_EXIT,
                TENANT_CHANGE,
                TENANT_QUOTA,
                TENANT_LIST,
                USER_ADD,
                USER_REVOKE,
                USER_LIST,
                LOG_SHOW,
                LOG_VERIFY,
                LOG_CHECKPOINT,
                LOG_EXPORT,
                LOG_PURGE,
                DATASET_IMPORT,
                DATASET_CLASSIFY,
                DATASET_DROP,
                DATASET_BUDGET,
                ELEMENT_REVIEW,
                ELEMENT_SUSPEND,
                ELEMENT_RESUME,
                MODEL_REGISTER,
                BACKUP_CREATE,
                BACKUP_LIST,
                BACKUP_RESTORE,
                BACKUP_DRILL,
                PRODUCT_REGISTER,
                PRODUCT_REVIEW,
                PRODUCT_USAGE,
                PRODUCT_SUSPEND,
                PRODUCT_RESUME,
                KEYS_ROTATE,
                KEYS_STATUS ->
                false;
          };
    };
  }
}
