#pragma once
// A machine's CPUs and accelerators built from catalog devices: what a machine file's
// `device = "..."` starts from, and what `exabench predict --accelerator/--cpu` swaps in.
#include <string>
#include <vector>

#include "twin/device.hpp"
#include "twin/machine.hpp"

namespace exa::twin {

/// `sockets` CPUs of a CPU device, or the CPU part of `sockets` APUs.
Cpu cpu_from_device(const Device& d, int sockets);

/// `packages` GPU or APU packages; with `per_die`, one process owns each die of a multi-die
/// package (count = packages x dies, each with a die's share of peaks, memory and links).
Accelerator accelerator_from_device(const Device& d, int packages, bool per_die);

/// What a prediction rests on from this device: where its DGEMM rate and its bandwidth come
/// from (each only when asked: a machine file that gives the figure itself needs no note).
std::vector<std::string> device_notes(const Device& d, const std::string& prefix, bool dgemm = true,
                                      bool bandwidth = true);
/// "mi250x: 2 dies per package; a process owns one die".
std::string dies_note(const Device& d, bool per_die);

void append(std::vector<std::string>& to, const std::vector<std::string>& more);

/// The module with its accelerators (same packages per node) and/or its CPUs (same sockets)
/// replaced by catalog devices (null: kept); the assumptions follow. An APU brings its own
/// CPU; APUs replaced by GPUs need a CPU. Throws InputError for a swap that cannot be.
void swap_devices(Module& m, const Device* accelerator, const Device* cpu);

}  // namespace exa::twin
