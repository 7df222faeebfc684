// Variables that a signature writes (the saved_model_counter fixture: incr_counter = AssignAdd) cannot be
// frozen into constants. They stay mutable: one value per servable, shared by all its signatures, read by
// TfsVariable nodes and written by TfsAssign* nodes that name it by a process-unique id (attr STATE_ATTR).

/** NodeDef attr holding the state id (lower-case: TensorFlow.js lower-cases string attrs, FORMATS.md pitfall 7). */
export const STATE_ATTR = '_tfs_state';

let nextScope = 0;

/** Allocates stable state ids for one servable's mutable variables and keeps their initial values. */
export class StateScope {
  private readonly prefix = `tfs-state-${nextScope++}-`;
  private readonly ids = new Map<string, string>();
  /** state id → initial value (from the checkpoint) */
  readonly initial = new Map<string, import('../../tensor/index.ts').HostTensor>();

  /** The id of a variable (by node name, stable across signatures). */
  idFor(variable: string): string {
    let id = this.ids.get(variable);
    if (!id) {
      id = `${this.prefix}${this.ids.size}`;
      this.ids.set(variable, id);
    }
    return id;
  }
}
