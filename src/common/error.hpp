#pragma once
// Error types. Faults throw; numerical outcomes (zero pivot, failed residual) are results.
#include <stdexcept>
#include <string>

namespace exa {

/// A fault in the program or its environment (MPI, BLAS, memory).
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Bad user input: one line that names where it came from (file:line: field, or --flag).
class InputError : public Error {
public:
    using Error::Error;
};

}  // namespace exa
