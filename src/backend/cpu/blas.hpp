#pragma once
// Fortran BLAS/LAPACK entry points: the one interface every BLAS (OpenBLAS, MKL, BLIS,
// reference) exports. The trailing size_t arguments are the hidden lengths of character
// arguments that gfortran-built libraries expect.
#include <cstddef>

using blas_int = int;

extern "C" {
void dgemm_(const char*, const char*, const blas_int*, const blas_int*, const blas_int*,
            const double*, const double*, const blas_int*, const double*, const blas_int*,
            const double*, double*, const blas_int*, std::size_t, std::size_t);
void dtrsm_(const char*, const char*, const char*, const char*, const blas_int*, const blas_int*,
            const double*, const double*, const blas_int*, double*, const blas_int*, std::size_t,
            std::size_t, std::size_t, std::size_t);
void dgemv_(const char*, const blas_int*, const blas_int*, const double*, const double*,
            const blas_int*, const double*, const blas_int*, const double*, double*,
            const blas_int*, std::size_t);
void dtrsv_(const char*, const char*, const char*, const blas_int*, const double*,
            const blas_int*, double*, const blas_int*, std::size_t, std::size_t, std::size_t);
void dger_(const blas_int*, const blas_int*, const double*, const double*, const blas_int*,
           const double*, const blas_int*, double*, const blas_int*);
void dscal_(const blas_int*, const double*, double*, const blas_int*);
blas_int idamax_(const blas_int*, const double*, const blas_int*);
void dcopy_(const blas_int*, const double*, const blas_int*, double*, const blas_int*);
void dswap_(const blas_int*, double*, const blas_int*, double*, const blas_int*);
void dlacpy_(const char*, const blas_int*, const blas_int*, const double*, const blas_int*,
             double*, const blas_int*, std::size_t);
void dgetrf_(const blas_int*, const blas_int*, double*, const blas_int*, blas_int*, blas_int*);
}

// Single precision, for HPL-MxP (the same kernels, written once for both).
extern "C" {
void sgemm_(const char*, const char*, const blas_int*, const blas_int*, const blas_int*,
            const float*, const float*, const blas_int*, const float*, const blas_int*,
            const float*, float*, const blas_int*, std::size_t, std::size_t);
void strsm_(const char*, const char*, const char*, const char*, const blas_int*, const blas_int*,
            const float*, const float*, const blas_int*, float*, const blas_int*, std::size_t,
            std::size_t, std::size_t, std::size_t);
void sgemv_(const char*, const blas_int*, const blas_int*, const float*, const float*,
            const blas_int*, const float*, const blas_int*, const float*, float*,
            const blas_int*, std::size_t);
void strsv_(const char*, const char*, const char*, const blas_int*, const float*,
            const blas_int*, float*, const blas_int*, std::size_t, std::size_t, std::size_t);
void slacpy_(const char*, const blas_int*, const blas_int*, const float*, const blas_int*,
             float*, const blas_int*, std::size_t);
void sger_(const blas_int*, const blas_int*, const float*, const float*, const blas_int*,
           const float*, const blas_int*, float*, const blas_int*);
void sscal_(const blas_int*, const float*, float*, const blas_int*);
blas_int isamax_(const blas_int*, const float*, const blas_int*);
void scopy_(const blas_int*, const float*, const blas_int*, float*, const blas_int*);
void sswap_(const blas_int*, float*, const blas_int*, float*, const blas_int*);
}
