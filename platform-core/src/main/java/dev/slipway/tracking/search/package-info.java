/**
 * MLflow's search grammar (filters, order_by, page tokens) turned into SQL, for every
 * MLflow search: runs, experiments, logged models, registered models and model versions.
 * Other features use it through this named interface.
 */
@NamedInterface("search")
package dev.slipway.tracking.search;

import org.springframework.modulith.NamedInterface;
