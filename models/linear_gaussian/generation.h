// Random problems and initial states of the Section 5.1 study, drawn from named streams
// (random.h) so that every draw is reproducible from the config seed alone.
#ifndef LAMBDABETA_MODELS_LINEAR_GAUSSIAN_GENERATION_H_
#define LAMBDABETA_MODELS_LINEAR_GAUSSIAN_GENERATION_H_

#include <cstdint>

#include "common/proto/linear_study.pb.h"
#include "models/linear_gaussian/problem.h"

namespace lambdabeta::linear_gaussian {

// Which problem trial `trial` uses: -1 (the shared one) under ONE_PROBLEM, else `trial`.
int64_t ProblemStreamIndex(const LinearStudyConfig& config, int64_t trial);

// The problem of trial `trial`, from stream (config.seed, ProblemStreamIndex, kProblem):
// first Sigma_V's diagonal, s draws of U(factor_variance), then Gamma:
//   GAUSSIAN_IID:        entries i.i.d. N(0, scale^2), drawn row by row;
//   ORTHONORMAL_COLUMNS: scale * Q, where G = QR is the QR factorisation of an n x s matrix of
//                        i.i.d. N(0, 1) entries (drawn row by row) and the signs of Q's columns
//                        make diag(R) positive; Q is then Haar-distributed.
Problem GenerateProblem(const LinearStudyConfig& config, int64_t trial);

// The initial state of trial `trial`, from stream (seed, trial, kInitialState), in this order:
// B (m x n, row by row) with entries N(0, gain_scale^2 / n); Sigma_W = diag of m draws of
// U(noise_variance); A (n x m, row by row) with entries N(0, gain_scale^2 / m); Sigma_Z = diag of
// n draws of U(noise_variance). It depends on the trial only, not on (beta, lambda): every
// (beta, lambda) of a trial starts from the same point (common random numbers).
State GenerateInitialState(const InitSettings& init, int n, int m, uint64_t seed, int64_t trial);

}  // namespace lambdabeta::linear_gaussian

#endif  // LAMBDABETA_MODELS_LINEAR_GAUSSIAN_GENERATION_H_
