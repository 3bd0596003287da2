#include "pipeline/data/dataset_info.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace lambdabeta::data {

const std::vector<DatasetInfo>& AllDatasets() {
  static const auto* const kDatasets = new std::vector<DatasetInfo>{
#include "pipeline/data/dataset_registry.inc"
  };
  return *kDatasets;
}

absl::StatusOr<const DatasetInfo*> FindDataset(::lambdabeta::Dataset kind) {
  for (const DatasetInfo& info : AllDatasets()) {
    if (info.kind == kind) return &info;
  }
  return absl::InvalidArgumentError(absl::StrCat("no dataset ", ::lambdabeta::Dataset_Name(kind),
                                                 " in pipeline/data/registry.bzl"));
}

absl::StatusOr<::lambdabeta::Dataset> ParseDataset(const std::string& name) {
  for (const DatasetInfo& info : AllDatasets()) {
    if (::lambdabeta::Dataset_Name(info.kind) == name) return info.kind;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown dataset '", name, "' (known: ",
                   absl::StrJoin(AllDatasets(), ", ",
                                 [](std::string* out, const DatasetInfo& info) {
                                   absl::StrAppend(out, ::lambdabeta::Dataset_Name(info.kind));
                                 }),
                   ")"));
}

std::string DatasetLabel(::lambdabeta::Dataset kind) {
  absl::StatusOr<const DatasetInfo*> info = FindDataset(kind);
  return info.ok() ? (*info)->label : ::lambdabeta::Dataset_Name(kind);
}

}  // namespace lambdabeta::data
