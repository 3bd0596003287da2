#include "models/linear_gaussian/adamw.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>
#include <torch/optim/adamw.h>
#include <torch/types.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status/status_macros.h"
#include "models/linear_gaussian/eigen_torch.h"
#include "models/linear_gaussian/metrics.h"
#include "models/linear_gaussian/torch_objective.h"

namespace lambdabeta::linear_gaussian {
namespace {

// All of a trial's parameters live in one row of a [K, size()] leaf tensor, so that the
// optimizer, the last-finite-state snapshot and the masking of stopped trials each touch one
// tensor per step. Blocks, each row-major: A (n x m), B (m x n), P_Z (n x n), P_W (m x m).
// Each P holds a log-Cholesky factor, L = strict lower triangle of P + diag(exp(diagonal of P))
// (its upper triangle is unused): P_Z that of the decoder precision Sigma_Z^-1 (so the exact
// objective costs O(n^2 (m + s)) per trial, not O(n^3), see torch_objective.h), P_W that of
// Sigma_W. The exp keeps the diagonals positive with no constraint, makes an AdamW step on
// them a relative change of scale (the covariances' eigenvalues span orders of magnitude:
// sigma2 = 0.05 up to ~n), and gives log det = 2 sum diag(P) exactly.
class Layout {
 public:
  Layout(int64_t n, int64_t m)
      : n_(n), m_(m), strict_lower_n_(StrictLowerMask(n)), strict_lower_m_(StrictLowerMask(m)) {}

  int64_t n() const { return n_; }
  int64_t m() const { return m_; }
  int64_t size() const { return 2 * n_ * m_ + n_ * n_ + m_ * m_; }

  // One split (not four narrows), so the backward writes the row gradient in one pass.
  CholeskyModel Unpack(const torch::Tensor& rows) const {
    const int64_t k = rows.size(0);
    const std::vector<torch::Tensor> blocks =
        rows.split_with_sizes({n_ * m_, m_ * n_, n_ * n_, m_ * m_}, 1);
    return {blocks[0].view({k, n_, m_}), blocks[1].view({k, m_, n_}),
            Cholesky(blocks[2].view({k, n_, n_}), strict_lower_n_),
            Cholesky(blocks[3].view({k, m_, m_}), strict_lower_m_)};
  }

 private:
  static torch::Tensor StrictLowerMask(int64_t size) {
    return torch::ones({size, size}, torch::kFloat64).tril(-1);
  }

  // A product with a constant mask (cheaper than tril, forward and backward).
  static torch::Tensor Cholesky(const torch::Tensor& p, const torch::Tensor& strict_lower) {
    return p * strict_lower + torch::diag_embed(p.diagonal(0, -2, -1).exp());
  }

  int64_t n_;
  int64_t m_;
  torch::Tensor strict_lower_n_;
  torch::Tensor strict_lower_m_;
};

// The log-Cholesky factor of a symmetric positive definite matrix (already checked).
Eigen::MatrixXd LogCholesky(const Eigen::MatrixXd& covariance) {
  Eigen::MatrixXd p = covariance.llt().matrixL();
  p.diagonal() = p.diagonal().array().log().matrix();
  return p;
}

torch::Tensor Pack(const std::vector<State>& states) {
  std::vector<torch::Tensor> rows;
  for (const State& state : states) {
    rows.push_back(torch::cat({ToTensor(state.a).reshape(-1), ToTensor(state.b).reshape(-1),
                               ToTensor(LogCholesky(state.sigma_z.inverse())).reshape(-1),
                               ToTensor(LogCholesky(state.sigma_w)).reshape(-1)}));
  }
  return torch::stack(rows);
}

State TrialState(const torch::Tensor& rows, int64_t k, const Layout& layout) {
  const CholeskyModel model = layout.Unpack(rows.narrow(0, k, 1));
  const Eigen::MatrixXd precision_chol_z = ToEigen(model.precision_chol_z[0]);
  const Eigen::MatrixXd chol_z_inverse_t =  // P^-1, so that Sigma_Z = P^-T P^-1
      precision_chol_z.triangularView<Eigen::Lower>().solve(
          Eigen::MatrixXd::Identity(layout.n(), layout.n()));
  const Eigen::MatrixXd sigma_z = chol_z_inverse_t.transpose() * chol_z_inverse_t;
  const Eigen::MatrixXd chol_w = ToEigen(model.chol_w[0]);
  return {ToEigen(model.a[0]), ToEigen(model.b[0]), 0.5 * (sigma_z + sigma_z.transpose()),
          chol_w * chol_w.transpose()};
}

bool AllFinite(const State& state) {
  return state.a.allFinite() && state.b.allFinite() && state.sigma_z.allFinite() &&
         state.sigma_w.allFinite();
}

// CPUGeneratorImpl's mt19937 keeps only the low 32 bits of its seed: fold the high half in, so
// that seeds differing only there still give different streams (seeds below 2^32 are kept).
uint64_t FoldSeed(uint64_t seed) { return (seed ^ (seed >> 32)) & 0xffffffffu; }

bool PositiveDefinite(const Eigen::MatrixXd& matrix) {
  if (!matrix.allFinite() || !matrix.isApprox(matrix.transpose(), 1e-12)) return false;
  return matrix.llt().info() == Eigen::Success;
}

absl::Status Validate(const std::vector<Problem>& problems,
                      const std::vector<State>& initial_states, const Weights& weights,
                      const AdamWSettings& settings, ReconstructionReading reading,
                      const std::vector<uint64_t>& seeds) {
  const auto error = [](auto&&... parts) {
    return absl::InvalidArgumentError(absl::StrCat("RunAdamW: ", parts...));
  };
  if (problems.empty()) return error("no trials");
  if (initial_states.size() != problems.size() || seeds.size() != problems.size()) {
    return error(problems.size(), " problems but ", initial_states.size(), " initial states and ",
                 seeds.size(), " seeds");
  }
  if (!(weights.beta > 0) || !std::isfinite(weights.beta)) {
    return error("beta must be positive, got ", weights.beta);
  }
  if (!(weights.lambda >= 0) || !std::isfinite(weights.lambda)) {
    return error("lambda must be non-negative, got ", weights.lambda);
  }
  if (reading != DECODER_MEAN && reading != DECODER_SAMPLE) {
    return error("the reconstruction reading must be DECODER_MEAN or DECODER_SAMPLE");
  }
  if (settings.mode() != AdamWSettings::MONTE_CARLO && settings.mode() != AdamWSettings::EXACT) {
    return error("adamw.mode must be MONTE_CARLO or EXACT");
  }
  if (settings.schedule() != AdamWSettings::CONSTANT &&
      settings.schedule() != AdamWSettings::COSINE) {
    return error("adamw.schedule must be CONSTANT or COSINE");
  }
  if (settings.steps() <= 0) return error("adamw.steps must be positive, got ", settings.steps());
  if (settings.has_beta1() && !(settings.beta1() >= 0 && settings.beta1() < 1)) {
    return error("adamw.beta1 must lie in [0, 1), got ", settings.beta1());
  }
  if (settings.has_beta2() && !(settings.beta2() >= 0 && settings.beta2() < 1)) {
    return error("adamw.beta2 must lie in [0, 1), got ", settings.beta2());
  }
  if (!(settings.learning_rate() > 0) || !std::isfinite(settings.learning_rate())) {
    return error("adamw.learning_rate must be positive, got ", settings.learning_rate());
  }
  if (!(settings.weight_decay() >= 0) || !std::isfinite(settings.weight_decay())) {
    return error("adamw.weight_decay must be non-negative, got ", settings.weight_decay());
  }
  if (settings.record_every() < 0) {
    return error("adamw.record_every must be non-negative, got ", settings.record_every());
  }
  if (settings.mode() == AdamWSettings::MONTE_CARLO && settings.batch_size() <= 0) {
    return error("adamw.batch_size must be positive, got ", settings.batch_size());
  }
  const Problem& first = problems[0];
  for (size_t k = 0; k < problems.size(); ++k) {
    const Problem& p = problems[k];
    const State& x = initial_states[k];
    const std::string trial = absl::StrCat("trial ", k, ": ");
    if (p.n() != first.n() || p.s() != first.s() || p.m != first.m) {
      return error(trial, "(n, m, s) = (", p.n(), ", ", p.m, ", ", p.s(),
                   ") differs from trial 0's (", first.n(), ", ", first.m, ", ", first.s(),
                   "); all trials run in one batch");
    }
    if (p.n() <= 0 || p.m <= 0 || p.s() <= 0 || p.factor_variance.size() != p.s()) {
      return error(trial, "the problem's dimensions are inconsistent");
    }
    if (!p.gamma.allFinite() || !(p.factor_variance.array() > 0).all() || !(p.sigma2 > 0) ||
        !std::isfinite(p.sigma2)) {
      return error(trial, "Gamma must be finite, Sigma_V and sigma2 positive");
    }
    if (x.a.rows() != p.n() || x.a.cols() != p.m || x.b.rows() != p.m || x.b.cols() != p.n() ||
        x.sigma_z.rows() != p.n() || x.sigma_z.cols() != p.n() || x.sigma_w.rows() != p.m ||
        x.sigma_w.cols() != p.m) {
      return error(trial, "the initial state's shapes do not match (n, m) = (", p.n(), ", ", p.m,
                   ")");
    }
    if (!x.a.allFinite() || !x.b.allFinite()) return error(trial, "initial A or B not finite");
    if (!PositiveDefinite(x.sigma_z)) {
      return error(trial, "initial Sigma_Z is not symmetric positive definite");
    }
    if (!PositiveDefinite(x.sigma_w)) {
      return error(trial, "initial Sigma_W is not symmetric positive definite");
    }
  }
  return absl::OkStatus();
}

torch::optim::AdamWOptions OptimizerOptions(const AdamWSettings& settings) {
  torch::optim::AdamWOptions options(settings.learning_rate());
  const auto [default_beta1, default_beta2] = options.betas();
  options.weight_decay(settings.weight_decay())
      .betas({settings.has_beta1() ? settings.beta1() : default_beta1,
              settings.has_beta2() ? settings.beta2() : default_beta2});
  return options;
}

// Trials per chunk: about this many parameter elements (measured on a 2-core AMD EPYC at
// n = 100: chunks of ~10 trials run ~2x faster per trial than one batch of 50).
constexpr int64_t kChunkElements = 160000;

// The batched optimisation: one leaf tensor [K, layout.size()], one AdamW, one loss vector.
class BatchedAdamW {
 public:
  BatchedAdamW(const std::vector<Problem>& problems, const std::vector<State>& initial_states,
               const Weights& weights, const AdamWSettings& settings, ReconstructionReading reading,
               const std::vector<uint64_t>& seeds)
      : problems_(problems),
        trials_(static_cast<int64_t>(problems.size())),
        layout_(problems[0].n(), problems[0].m),
        s_(problems[0].s()),
        weights_(weights),
        settings_(settings),
        reading_(reading),
        observation_(TorchObservation::FromProblems(problems)),
        rows_(Pack(initial_states).requires_grad_(true)),
        snapshot_(rows_.detach().clone()),
        optimizer_({rows_}, OptimizerOptions(settings)),
        stopped_(torch::zeros({trials_, 1}, torch::kBool)),
        active_(trials_, true),
        results_(trials_),
        trajectories_(trials_) {
    if (settings.mode() == AdamWSettings::MONTE_CARLO) {
      for (uint64_t seed : seeds) {
        generators_.push_back(at::make_generator<at::CPUGeneratorImpl>(FoldSeed(seed)));
      }
      const int64_t width = MinibatchNoise::NoiseWidth(layout_.n(), layout_.m(), s_, reading);
      draws_ = torch::empty({trials_, std::min<int64_t>(settings.batch_size(), width), width},
                            torch::kFloat64);
    }
  }

  std::vector<SolverResult> Run() {
    for (int64_t step = 0; step < settings_.steps(); ++step) {
      SetLearningRate(step);
      DrawNoise();
      const torch::Tensor loss = Loss(rows_, /*exact=*/settings_.mode() == AdamWSettings::EXACT);
      StopNonFinite(loss, step);
      if (active_count_ == 0) return TakeResults();
      rows_.mutable_grad() = torch::Tensor();  // backward then stores its result, no zeroing pass
      torch::where(stopped_.squeeze(1), torch::zeros_like(loss), loss).sum().backward();
      {
        torch::NoGradGuard no_grad;
        // A stopped trial's own graph may hold inf; its gradient must not move anything.
        if (active_count_ < trials_) rows_.grad().masked_fill_(stopped_, 0.0);
        snapshot_.copy_(rows_);  // every active trial's loss is finite here
      }
      optimizer_.step();
      Record(step + 1);
    }
    // The final state has had no loss evaluated yet: check it with the closed form.
    torch::Tensor final_loss;
    {
      torch::NoGradGuard no_grad;
      final_loss = Loss(rows_, /*exact=*/true);
    }
    const torch::Tensor finite_tensor = torch::isfinite(final_loss);
    const auto finite = finite_tensor.accessor<bool, 1>();
    for (int64_t k = 0; k < trials_; ++k) {
      if (!active_[k]) continue;
      State state = TrialState(rows_, k, layout_);
      if (finite[k] && AllFinite(state)) {
        results_[k] = {std::move(state), MAX_ITERATIONS, settings_.steps()};
      } else {
        results_[k] = {TrialState(snapshot_, k, layout_), DIVERGED, settings_.steps() - 1};
      }
    }
    return TakeResults();
  }

 private:
  void SetLearningRate(int64_t step) {
    double rate = settings_.learning_rate();
    if (settings_.schedule() == AdamWSettings::COSINE) {
      rate *= 0.5 * (1 + std::cos(M_PI * static_cast<double>(step) / settings_.steps()));
    }
    static_cast<torch::optim::AdamWOptions&>(optimizer_.param_groups()[0].options()).lr(rate);
  }

  // The results, each with the trajectory recorded for its trial.
  std::vector<SolverResult> TakeResults() {
    for (int64_t k = 0; k < trials_; ++k) results_[k].trajectory = std::move(trajectories_[k]);
    return std::move(results_);
  }

  // The trajectory point after `steps_taken` steps, for every active trial, if it is due: the
  // exact objective of all trials in one batched evaluation, SAP and I_m from B and Sigma_W
  // alone (eq. 7 needs no decoder), so a point costs far less than the full ComputeMetrics.
  void Record(int64_t steps_taken) {
    const int64_t every = settings_.record_every();
    if (every <= 0 || (steps_taken % every != 0 && steps_taken != settings_.steps())) return;
    torch::NoGradGuard no_grad;
    const torch::Tensor loss_tensor = Loss(rows_, /*exact=*/true);
    const auto loss = loss_tensor.accessor<double, 1>();
    for (int64_t k = 0; k < trials_; ++k) {
      if (!active_[k] || !std::isfinite(loss[k])) continue;
      const CholeskyModel model = layout_.Unpack(rows_.narrow(0, k, 1));
      const Eigen::MatrixXd b = ToEigen(model.b[0]);
      const Eigen::MatrixXd chol_w = ToEigen(model.chol_w[0]);
      if (!b.allFinite() || !chol_w.allFinite()) continue;
      const Eigen::MatrixXd squared_correlations =
          SquaredCorrelations(problems_[k], b, chol_w * chol_w.transpose());
      LinearTrajectoryPoint& point = trajectories_[k].emplace_back();
      point.set_step(steps_taken);
      point.set_loss(loss[k]);
      point.set_sap(SeparatedAttributePredictability(squared_correlations));
      point.set_i_m(LatentInformativeness(PairwiseMutualInformation(squared_correlations)));
    }
  }

  // Each trial's minibatch noise comes from its own generator, in a fixed order, so it does
  // not depend on the other trials or on the thread count.
  void DrawNoise() {
    if (settings_.mode() != AdamWSettings::MONTE_CARLO) return;
    at::parallel_for(0, trials_, 1, [&](int64_t begin, int64_t end) {
      for (int64_t k = begin; k < end; ++k) {
        if (active_[k]) {
          draws_[k].copy_(
              DrawMinibatchRows(settings_.batch_size(), draws_.size(2), generators_[k]));
        }
      }
    });
  }

  torch::Tensor Loss(const torch::Tensor& rows, bool exact) const {
    const CholeskyModel model = layout_.Unpack(rows);
    if (exact) return ClosedFormLoss(model, observation_, weights_, reading_).total;
    return MonteCarloLoss(model, observation_, {draws_, settings_.batch_size()}, weights_, reading_)
        .total;
  }

  // Stops the active trials whose loss at the current state (after `step` steps) is not finite:
  // their result is the snapshot, the state after step - 1 (or the initial state).
  void StopNonFinite(const torch::Tensor& loss, int64_t step) {
    const torch::Tensor finite_tensor = torch::isfinite(loss.detach());
    const auto finite = finite_tensor.accessor<bool, 1>();
    for (int64_t k = 0; k < trials_; ++k) {
      if (!active_[k] || finite[k]) continue;
      active_[k] = false;
      --active_count_;
      stopped_[k][0] = true;
      results_[k] = {TrialState(snapshot_, k, layout_), DIVERGED, std::max<int64_t>(step - 1, 0)};
    }
  }

  const std::vector<Problem> problems_;
  const int64_t trials_;
  const Layout layout_;
  const int64_t s_;
  const Weights weights_;
  const AdamWSettings settings_;
  const ReconstructionReading reading_;
  const TorchObservation observation_;
  torch::Tensor rows_;
  torch::Tensor snapshot_;
  torch::optim::AdamW optimizer_;
  std::vector<at::Generator> generators_;
  torch::Tensor draws_;
  torch::Tensor stopped_;  // [K, 1] bool, broadcast over a trial's row
  std::vector<bool> active_;
  int64_t active_count_ = trials_;
  std::vector<SolverResult> results_;
  std::vector<std::vector<LinearTrajectoryPoint>> trajectories_;
};

}  // namespace

absl::StatusOr<std::vector<SolverResult>> RunAdamW(const std::vector<Problem>& problems,
                                                   const std::vector<State>& initial_states,
                                                   const Weights& weights,
                                                   const AdamWSettings& settings,
                                                   ReconstructionReading reading,
                                                   const std::vector<uint64_t>& seeds) {
  RETURN_IF_ERROR(Validate(problems, initial_states, weights, settings, reading, seeds));
  try {
    // Trials run in chunks small enough for the cache (one tensor program per chunk; a chunk of
    // K trials costs about K times one trial's arithmetic but once the per-op overhead), the
    // chunks in parallel over the intra-op threads: coarse tasks, so no fine-grained
    // synchronisation. Results do not depend on the chunking (trials are independent).
    const int64_t trials = static_cast<int64_t>(problems.size());
    const int64_t n = problems[0].n();
    const int64_t m = problems[0].m;
    const int64_t chunk = std::clamp<int64_t>(kChunkElements / (n * n + 2 * n * m), 1, trials);
    const int64_t chunks = (trials + chunk - 1) / chunk;
    std::vector<SolverResult> results(trials);
    at::parallel_for(0, chunks, 1, [&](int64_t begin, int64_t end) {
      for (int64_t c = begin; c < end; ++c) {
        const int64_t first = c * chunk;
        const int64_t last = std::min(trials, first + chunk);
        const auto slice = [&](const auto& all) {
          return std::vector(all.begin() + first, all.begin() + last);
        };
        std::vector<SolverResult> part = BatchedAdamW(slice(problems), slice(initial_states),
                                                      weights, settings, reading, slice(seeds))
                                             .Run();
        std::move(part.begin(), part.end(), results.begin() + first);
      }
    });
    return results;
  } catch (const c10::Error& e) {
    return absl::InternalError(
        absl::StrCat("RunAdamW: LibTorch failed: ", e.what_without_backtrace()));
  }
}

}  // namespace lambdabeta::linear_gaussian
