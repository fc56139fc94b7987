// V8 flags for Node processes that run emulators two at a time (check:lessons' machines, the guest
// tests). --liftoff-only keeps the wasm that v86 generates at V8's first tier: its default tier-up
// to TurboFan compiles on threads of its own, which take the other emulator's core. One machine
// alone runs as fast either way at two thirds of the CPU; two at once, a warm `docker run` took
// 6.2 s against 11.6 s (BENCHMARKS.md, "Liftoff only in Node"). The bench keeps Node's defaults.
export const EMULATOR_NODE_FLAGS = ["--liftoff-only"];
