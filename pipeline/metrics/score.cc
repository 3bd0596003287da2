#include "pipeline/metrics/score.h"

#include <cmath>
#include <optional>
#include <vector>

#include "Eigen/Core"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/io/files.h"
#include "common/status/status_macros.h"
#include "models/linear_gaussian/problem_proto.h"
#include "pipeline/data/numeric_array.h"
#include "pipeline/metrics/factor_classes.h"
#include "pipeline/metrics/metric_inputs.h"
#include "pipeline/metrics/mig.h"
#include "pipeline/metrics/sap.h"

namespace lambdabeta::metrics {
namespace {

using RowMajorMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// One file's array as a matrix: `what` says what its rows and columns are.
struct Table {
  std::string where;
  Eigen::MatrixXd values;
};

absl::StatusOr<Table> ReadTable(const std::string& path, absl::string_view what,
                                absl::string_view columns, bool floats_only) {
  ASSIGN_OR_RETURN(data::NumericArray array, data::ReadNumericArray(path));
  const std::string& where = array.where;
  if (floats_only && array.dtype != data::DType::kFloat32 && array.dtype != data::DType::kFloat64) {
    return absl::InvalidArgumentError(absl::StrCat(
        where, ": ", what, " must be float32 or float64, found ", data::DTypeName(array.dtype)));
  }
  // A vector of factor values is one factor; codes always need their latent axis.
  const bool vector_ok = !floats_only && array.shape.size() == 1;
  if (array.shape.size() != 2 && !vector_ok) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": ", what, " must be a 2-D array (samples x ", columns,
                     "s), found shape ", data::ShapeString(array.shape)));
  }
  const Eigen::Index rows = array.shape[0], cols = vector_ok ? 1 : array.shape[1];
  if (rows == 0 || cols == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": ", what, " are empty (shape ", data::ShapeString(array.shape), ")"));
  }
  Table table{where, Eigen::Map<const RowMajorMatrix>(array.values.data(), rows, cols)};
  for (Eigen::Index n = 0; n < rows; ++n) {
    for (Eigen::Index c = 0; c < cols; ++c) {
      if (!std::isfinite(table.values(n, c))) {
        return absl::InvalidArgumentError(absl::StrCat(
            where, ": ", what, " sample ", n, ", ", columns, " ", c, " is ", table.values(n, c)));
      }
    }
  }
  return table;
}

// Codes and factors of one split, checked against each other.
struct Split {
  Table codes, factors;
};

absl::StatusOr<Split> ReadSplit(const std::string& codes_file, const std::string& factors_file) {
  ASSIGN_OR_RETURN(Table codes, ReadTable(codes_file, "codes", "latent", true));
  ASSIGN_OR_RETURN(Table factors, ReadTable(factors_file, "factors", "factor", false));
  if (codes.values.rows() != factors.values.rows()) {
    return absl::InvalidArgumentError(
        absl::StrCat(codes.where, " has ", codes.values.rows(), " samples but ", factors.where,
                     " has ", factors.values.rows(), ": row n of both must be the same sample"));
  }
  if (codes.values.cols() < 2) {
    return absl::InvalidArgumentError(
        absl::StrCat(codes.where,
                     ": 1 latent; MIG and SAP need at least 2 (each takes a gap between the "
                     "best two latents)"));
  }
  return Split{std::move(codes), std::move(factors)};
}

absl::Status CheckSameColumns(const Table& test, const Table& fit, absl::string_view columns) {
  if (test.values.cols() == fit.values.cols()) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(test.where, " has ", test.values.cols(), " ",
                                                 columns, "s but ", fit.where, " has ",
                                                 fit.values.cols()));
}

// A factor with one value has entropy 0: MIG would divide by it, and no SVM can be fit.
absl::Status CheckNoConstantFactor(const Table& factors) {
  const std::vector<int> constant = ConstantFactors(factors.values);
  if (constant.empty()) return absl::OkStatus();
  const int j = constant.front();
  return absl::InvalidArgumentError(absl::StrCat(
      factors.where, ": factor ", j, " takes the single value ", factors.values(0, j), " in all ",
      factors.values.rows(), " samples; it carries no information (entropy 0): drop it"));
}

template <typename Dense>
Dense Rows(const Dense& m, const std::vector<Eigen::Index>& rows) {
  Dense out(static_cast<Eigen::Index>(rows.size()), m.cols());
  for (size_t k = 0; k < rows.size(); ++k) out.row(k) = m.row(rows[k]);
  return out;
}

std::string DigestOrEmpty(const std::string& file, absl::Status* status) {
  if (file.empty() || !status->ok()) return "";
  absl::StatusOr<std::string> digest = FileSha256Hex(file);
  if (!digest.ok()) *status = digest.status();
  return digest.ok() ? *digest : "";
}

// The file part of "<archive>.npz:<array>".
std::string FileOf(const std::string& path) {
  const size_t split = path.rfind(".npz:");
  return split == std::string::npos ? path : path.substr(0, split + 4);
}

}  // namespace

absl::StatusOr<RepresentationScores> ScoreRepresentation(const ScoreRequest& request) {
  const bool has_test = !request.test_codes_file.empty();
  if (has_test != !request.test_factors_file.empty()) {
    return absl::InvalidArgumentError(
        "the test split needs both its codes and its factors (--test_codes, --test_factors)");
  }
  ASSIGN_OR_RETURN(Split fit, ReadSplit(request.codes_file, request.factors_file));
  RETURN_IF_ERROR(CheckNoConstantFactor(fit.factors));
  const Eigen::Index n = fit.codes.values.rows(), num_factors = fit.factors.values.cols();

  // Classes of both splits at once: a value must get the same class in each.
  Eigen::MatrixXd all_values = fit.factors.values;
  std::optional<Split> test;
  if (has_test) {
    ASSIGN_OR_RETURN(Split t, ReadSplit(request.test_codes_file, request.test_factors_file));
    RETURN_IF_ERROR(CheckSameColumns(t.codes, fit.codes, "latent"));
    RETURN_IF_ERROR(CheckSameColumns(t.factors, fit.factors, "factor"));
    all_values.conservativeResize(n + t.factors.values.rows(), Eigen::NoChange);
    all_values.bottomRows(t.factors.values.rows()) = t.factors.values;
    test = std::move(t);
  }
  ASSIGN_OR_RETURN(Eigen::MatrixXi all_classes, ClassesFromValues(all_values));
  const Eigen::MatrixXi fit_classes = all_classes.topRows(n);

  RepresentationScores scores;
  scores.set_codes_file(request.codes_file);
  scores.set_factors_file(request.factors_file);
  scores.set_test_codes_file(request.test_codes_file);
  scores.set_test_factors_file(request.test_factors_file);
  absl::Status digests = absl::OkStatus();
  scores.set_codes_sha256(DigestOrEmpty(FileOf(request.codes_file), &digests));
  scores.set_factors_sha256(DigestOrEmpty(FileOf(request.factors_file), &digests));
  scores.set_test_codes_sha256(DigestOrEmpty(FileOf(request.test_codes_file), &digests));
  scores.set_test_factors_sha256(DigestOrEmpty(FileOf(request.test_factors_file), &digests));
  RETURN_IF_ERROR(digests);
  scores.set_code_sha256(ExecutableSha256Hex());
  scores.set_num_samples(static_cast<int>(n));
  scores.set_num_latents(static_cast<int>(fit.codes.values.cols()));
  for (Eigen::Index j = 0; j < num_factors; ++j) {
    scores.add_factor_classes(all_classes.col(j).maxCoeff() + 1);
  }

  absl::StatusOr<MigResult> mig = ComputeMig(fit.codes.values, fit_classes, request.mig_bins);
  if (!mig.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("MIG: ", mig.status().message()));
  }
  scores.set_mig_bins(request.mig_bins);
  scores.set_mig(mig->mig);
  for (double gap : mig->normalized_gap) scores.add_mig_gap(gap);
  *scores.mutable_mutual_information() = linear_gaussian::MatrixToProto(mig->mutual_information);
  for (double h : mig->factor_entropy) scores.add_factor_entropy(h);

  absl::StatusOr<SapResult> sap;
  scores.set_sap_mode(request.sap_mode);
  if (request.sap_mode == CONTINUOUS) {
    sap = ComputeContinuousSap(fit.codes.values, fit.factors.values);
    scores.set_sap_num_fit(static_cast<int>(n));
  } else {
    Eigen::MatrixXd fit_codes = fit.codes.values, test_codes;
    Eigen::MatrixXi sap_fit_classes = fit_classes, test_classes;
    if (test.has_value()) {
      test_codes = test->codes.values;
      test_classes = all_classes.bottomRows(test->codes.values.rows());
    } else {
      std::vector<Eigen::Index> fit_rows, test_rows;
      for (Eigen::Index k = 0; k < n; ++k) (k % 3 == 2 ? test_rows : fit_rows).push_back(k);
      if (test_rows.empty()) {
        return absl::InvalidArgumentError(absl::StrCat(
            fit.codes.where, ": ", n, " samples are too few to split for discrete SAP"));
      }
      fit_codes = Rows(fit.codes.values, fit_rows);
      test_codes = Rows(fit.codes.values, test_rows);
      sap_fit_classes = Rows(fit_classes, fit_rows);
      test_classes = Rows(fit_classes, test_rows);
    }
    DiscreteSapOptions options;
    options.num_threads = request.num_threads;
    sap = ComputeDiscreteSap(fit_codes, sap_fit_classes, test_codes, test_classes, options);
    scores.set_sap_num_fit(static_cast<int>(fit_codes.rows()));
    scores.set_sap_num_test(static_cast<int>(test_codes.rows()));
  }
  if (!sap.ok()) return absl::InvalidArgumentError(absl::StrCat("SAP: ", sap.status().message()));
  scores.set_sap(sap->sap);
  for (double gap : sap->gap) scores.add_sap_gap(gap);
  *scores.mutable_sap_score() = linear_gaussian::MatrixToProto(sap->score);
  for (int j : sap->skipped_factors) scores.add_sap_skipped_factors(j);
  scores.set_sap_binary_fits(sap->binary_fits);
  scores.set_sap_fits_at_iteration_cap(sap->fits_at_iteration_cap);
  return scores;
}

namespace {

// A latents x factors matrix with a header row of factor numbers.
void AppendMatrix(const Matrix& m, std::string* out) {
  absl::StrAppend(out, "     ");
  for (int j = 0; j < m.cols(); ++j) absl::StrAppendFormat(out, " %8s", absl::StrCat("v", j));
  absl::StrAppend(out, "\n");
  for (int i = 0; i < m.rows(); ++i) {
    absl::StrAppendFormat(out, "%-5s", absl::StrCat("z", i));
    for (int j = 0; j < m.cols(); ++j)
      absl::StrAppendFormat(out, " %8.4f", m.values(i * m.cols() + j));
    absl::StrAppend(out, "\n");
  }
}

}  // namespace

std::string FormatScores(const RepresentationScores& s) {
  std::string out;
  absl::StrAppendFormat(&out, "codes    %s: %d samples x %d latents\n", s.codes_file(),
                        s.num_samples(), s.num_latents());
  absl::StrAppendFormat(&out, "factors  %s: %d factors, classes %s\n", s.factors_file(),
                        s.factor_classes_size(), absl::StrJoin(s.factor_classes(), " "));
  absl::StrAppendFormat(&out, "MIG      %.6f  (%d bins, all %d samples)\n", s.mig(), s.mig_bins(),
                        s.num_samples());
  if (s.sap_mode() == CONTINUOUS) {
    absl::StrAppendFormat(&out,
                          "SAP      %.6f  (continuous: squared correlation, all %d samples)\n",
                          s.sap(), s.sap_num_fit());
  } else {
    absl::StrAppendFormat(&out,
                          "SAP      %.6f  (discrete: SVMs fit on %d samples, scored on %d %s)\n",
                          s.sap(), s.sap_num_fit(), s.sap_num_test(),
                          s.test_codes_file().empty() ? "(every third sample)"
                                                      : absl::StrCat("of ", s.test_codes_file()));
  }
  if (s.sap_skipped_factors_size() > 0) {
    absl::StrAppend(&out, "SAP skipped factors (one value on the fit split): ",
                    absl::StrJoin(s.sap_skipped_factors(), " "), "\n");
  }
  if (s.sap_fits_at_iteration_cap() > 0) {
    absl::StrAppendFormat(&out, "warning: %d of %d SVM fits stopped at the iteration cap\n",
                          s.sap_fits_at_iteration_cap(), s.sap_binary_fits());
  }
  absl::StrAppend(&out, "\nfactor  classes  entropy (nats)  MIG gap  SAP gap\n");
  for (int j = 0; j < s.factor_classes_size(); ++j) {
    absl::StrAppendFormat(&out, "v%-6d %7d  %14.4f  %7.4f  %7.4f\n", j, s.factor_classes(j),
                          s.factor_entropy(j), s.mig_gap(j), s.sap_gap(j));
  }
  absl::StrAppend(&out, "\nmutual information I(z_i; v_j), nats\n");
  AppendMatrix(s.mutual_information(), &out);
  absl::StrAppend(&out, "\nSAP score ",
                  s.sap_mode() == CONTINUOUS ? "(squared correlation)" : "(test accuracy)", "\n");
  AppendMatrix(s.sap_score(), &out);
  return out;
}

}  // namespace lambdabeta::metrics
