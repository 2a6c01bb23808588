#pragma once
// The machines the twin knows: the built-in catalog (machines/*.toml, compiled in), a
// machine file given by path, and `this`, the machine it runs on.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "probe/calibration.hpp"
#include "twin/machine.hpp"

namespace exa::twin {

struct CatalogFile {
    std::string_view file;  ///< "jedi.toml"
    std::string_view text;
};

/// The built-in machine files (generated from machines/ at build time).
std::span<const CatalogFile> builtin_machine_files();

/// The built-in machines, parsed.
std::vector<Machine> builtin_machines();

/// `this`, a catalog name, or a path to a TOML file (anything with a '/' or ending .toml).
/// `calibration` (may be null) describes this machine's kernels for `this`.
/// Throws InputError naming what was not found, with the names that exist.
Machine find_machine(const std::string& what, const probe::Calibration* calibration);

/// This machine from what the system says (cores, clock, vector width, memory), with the
/// bandwidths and efficiency that calibration measured when there is one.
Machine describe_this_machine(const probe::Calibration* calibration);

/// The device catalog's entry for a GPU as CUDA names it ("NVIDIA H100 80GB HBM3", alone or
/// at the start of the backend's description, is h100-sxm), or "" when the catalog has none.
std::string catalog_name_of_gpu(const std::string& cuda_name);

/// This machine running HPL on `gpus` of the catalog's `device` (one process each; the
/// matrix in GPU memory), its CPUs as describe_this_machine finds them.
Machine describe_this_machine_with_gpus(const probe::Calibration* calibration, const std::string& device, int gpus);

}  // namespace exa::twin
