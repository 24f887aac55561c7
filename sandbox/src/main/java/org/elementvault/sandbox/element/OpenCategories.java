package org.elementvault.sandbox.element;

import java.util.List;
import java.util.Optional;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.Vault;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.dataset.Dataset;

/**
 * The open categories of the datasets an element reads, as they stand now (a new import may change
 * a dataset's category, so every gate reads them afresh): {@code NONE} datasets back no published
 * element and no product, {@code CONDITIONAL} ones only products approved for them, {@code
 * UNCONDITIONAL} ones any published element.
 */
public final class OpenCategories {

  private OpenCategories() {}

  /**
   * The datasets {@code element} reads, in the order its spec names them.
   *
   * @throws VaultException {@code POLICY_REFUSED} for a dataset that no longer exists: a category
   *     that cannot be read fails closed
   */
  public static List<DatasetCategory> behind(Vault vault, Element element) {
    List<Dataset> all = vault.datasets().all();
    return element.spec().datasets().stream()
        .map(
            name ->
                find(all, element, name)
                    .orElseThrow(
                        () ->
                            new VaultException(
                                ErrorCode.POLICY_REFUSED,
                                ElementMessages.datasetGone(name, element.tenant()))))
        .toList();
  }

  /**
   * The datasets {@code element} reads that still exist, for showing; gates use {@link #behind}.
   */
  public static List<DatasetCategory> present(Vault vault, Element element) {
    List<Dataset> all = vault.datasets().all();
    return element.spec().datasets().stream()
        .map(name -> find(all, element, name))
        .flatMap(Optional::stream)
        .toList();
  }

  private static Optional<DatasetCategory> find(List<Dataset> all, Element element, String name) {
    return all.stream()
        .filter(d -> d.tenantId() == element.tenantId() && d.name().equals(name))
        .findFirst()
        .map(d -> new DatasetCategory(element.tenant(), name, d.schema().openCategory()));
  }
}
