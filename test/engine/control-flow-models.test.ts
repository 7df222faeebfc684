// control_flow_v2_model and an If pass-through end to end on the wasm backend (control-flow-models.ts).
import { defineControlFlowSuites } from './control-flow-models.ts';

defineControlFlowSuites('wasm');
