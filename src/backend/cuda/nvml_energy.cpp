#include "backend/cuda/nvml_energy.hpp"

#include <cuda_runtime.h>
#include <dlfcn.h>

namespace exa::cuda {

// The three NVML entry points used, as the NVML API reference declares them (nvml.h is not
// part of every toolkit install); 0 is NVML_SUCCESS.
using InitFn = int (*)();
using HandleByPciFn = int (*)(const char* pci_bus_id, void** device);
using EnergyFn = int (*)(void* device, unsigned long long* millijoules);

NvmlEnergy::NvmlEnergy(int device) {
    char bus_id[32] = {};
    if (cudaDeviceGetPCIBusId(bus_id, sizeof bus_id, device) != cudaSuccess) {
        cudaGetLastError();
        return;
    }
    library_ = dlopen("libnvidia-ml.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!library_) return;
    auto init = reinterpret_cast<InitFn>(dlsym(library_, "nvmlInit_v2"));
    auto by_pci = reinterpret_cast<HandleByPciFn>(dlsym(library_, "nvmlDeviceGetHandleByPciBusId_v2"));
    auto energy = reinterpret_cast<EnergyFn>(dlsym(library_, "nvmlDeviceGetTotalEnergyConsumption"));
    void* handle = nullptr;
    unsigned long long probe = 0;
    if (!init || !by_pci || !energy || init() != 0 || by_pci(bus_id, &handle) != 0 || energy(handle, &probe) != 0)
        return;
    device_ = handle;
    energy_ = energy;
}

NvmlEnergy::~NvmlEnergy() {
    // NVML stays initialised: other readers in the process may share it, and the driver
    // releases it at exit.
    if (library_) dlclose(library_);
}

double NvmlEnergy::joules() const {
    unsigned long long mj = 0;
    if (!energy_ || energy_(device_, &mj) != 0) return -1;
    return double(mj) * 1e-3;
}

}  // namespace exa::cuda
