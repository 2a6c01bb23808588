#pragma once
// A GPU's energy counter through NVML (nvmlDeviceGetTotalEnergyConsumption: millijoules
// since the driver loaded, Volta and newer). NVML comes with the driver, not the toolkit, so
// it is opened at run time: a machine without it only goes without the energy figure.
namespace exa::cuda {

class NvmlEnergy {
public:
    /// The counter of CUDA device `device` (found by its PCI bus id).
    explicit NvmlEnergy(int device);
    ~NvmlEnergy();
    NvmlEnergy(const NvmlEnergy&) = delete;
    NvmlEnergy& operator=(const NvmlEnergy&) = delete;
    /// Joules since the driver loaded; negative where NVML or the counter is missing.
    double joules() const;

private:
    void* library_ = nullptr;
    void* device_ = nullptr;  ///< nvmlDevice_t
    int (*energy_)(void*, unsigned long long*) = nullptr;
};

}  // namespace exa::cuda
