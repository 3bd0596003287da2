// //pipeline/config:invalidation_table: which actions of the deep study an edit of each config
// field reruns, worked out from the slices themselves (slices.h): every field of the config is
// perturbed in turn and the training and evaluation slices of every chunk compared with the
// original's. Prints a markdown table (docs/configs.md, "Which settings rerun what").
//
//   invalidation_table --config=paper/config/smoke.deep.pbtxt > invalidation.md
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/io/exit_code.h"
#include "common/io/files.h"
#include "common/status/status_macros.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "pipeline/config/configs.h"
#include "pipeline/config/slices.h"

ABSL_FLAG(std::string, config, "", "deep-study config (text proto) whose chunking to use");

namespace lambdabeta {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// Fields that lay out the grid (read by deep_study.bzl at loading time): editing them adds or
// removes actions; the actions of the other grid values keep their command lines and slices.
const char* const kGridFields[] = {"datasets", "beta", "lambda", "training.seeds",
                                   "learning_curve_beta"};

// Every field's text of all training slices (both phases, every chunk) and the evaluation slice.
struct Slices {
  std::vector<std::string> phase1, phase2;
  std::string evaluation;
};

Slices AllSlices(const DeepStudyConfig& config, const DeepStudyConfig& chunking) {
  Slices s;
  const Training& t = chunking.training();
  for (int phase : {1, 2}) {
    const int64_t steps = phase == 1 ? t.beta_vae_steps() : t.lambda_beta_vae_steps();
    for (int64_t chunk = 0; chunk * t.chunk_steps() < steps; ++chunk) {
      absl::StatusOr<TrainingSlice> slice = TrainingSliceOf(config, phase, chunk);
      (phase == 1 ? s.phase1 : s.phase2).push_back(slice.ok() ? TextProto(*slice) : "(none)");
    }
  }
  s.evaluation = TextProto(EvaluationSliceOf(config));
  return s;
}

// A different value of `field` (a repeated field gets one more element).
void Perturb(Message& message, const FieldDescriptor* field) {
  const Reflection* r = message.GetReflection();
  if (field->is_repeated()) {
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_DOUBLE:
        r->AddDouble(&message, field, 3.5);
        return;
      case FieldDescriptor::CPPTYPE_INT32:
        r->AddInt32(&message, field, 3);
        return;
      case FieldDescriptor::CPPTYPE_ENUM:
        r->AddEnumValue(&message, field, 2);
        return;
      case FieldDescriptor::CPPTYPE_MESSAGE:
        r->AddMessage(&message, field);
        return;
      default:
        return;
    }
  }
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_DOUBLE:
      r->SetDouble(&message, field, r->GetDouble(message, field) * 2 + 1);
      return;
    case FieldDescriptor::CPPTYPE_INT32:
      r->SetInt32(&message, field, r->GetInt32(message, field) + 1);
      return;
    case FieldDescriptor::CPPTYPE_INT64:
      r->SetInt64(&message, field, r->GetInt64(message, field) + 1);
      return;
    case FieldDescriptor::CPPTYPE_UINT64:
      r->SetUInt64(&message, field, r->GetUInt64(message, field) + 1);
      return;
    case FieldDescriptor::CPPTYPE_STRING:
      r->SetString(&message, field, r->GetString(message, field) + "x");
      return;
    case FieldDescriptor::CPPTYPE_ENUM:
      r->SetEnumValue(&message, field, r->GetEnumValue(message, field) == 1 ? 2 : 1);
      return;
    default:
      return;
  }
}

// Leaf field paths of `descriptor` ("training.learning_rate"), in field-number order.
void LeafFields(const Descriptor* descriptor, std::vector<std::vector<const FieldDescriptor*>>* out,
                std::vector<const FieldDescriptor*> path) {
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    std::vector<const FieldDescriptor*> here = path;
    here.push_back(field);
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !field->is_repeated()) {
      LeafFields(field->message_type(), out, here);
    } else {
      out->push_back(here);
    }
  }
}

std::string Name(const std::vector<const FieldDescriptor*>& path) {
  std::vector<std::string> names;
  for (const FieldDescriptor* f : path) names.push_back(f->name());
  return absl::StrJoin(names, ".");
}

absl::Status Run() {
  ASSIGN_OR_RETURN(DeepStudyConfig config, LoadDeepStudyConfig(absl::GetFlag(FLAGS_config)));
  const Slices original = AllSlices(config, config);
  std::vector<std::vector<const FieldDescriptor*>> fields;
  LeafFields(DeepStudyConfig::descriptor(), &fields, {});

  std::string table =
      "| config field | training, phase 1 | training, phase 2 | evaluation | aggregation, "
      "figures, report |\n|---|---|---|---|---|\n";
  for (const auto& path : fields) {
    const std::string name = Name(path);
    DeepStudyConfig edited = config;
    Message* message = &edited;
    for (size_t i = 0; i + 1 < path.size(); ++i) {
      message = message->GetReflection()->MutableMessage(message, path[i]);
    }
    Perturb(*message, path.back());
    const Slices after = AllSlices(edited, config);
    bool grid = false;
    for (const char* g : kGridFields) grid = grid || name == g;
    if (grid) {
      absl::StrAppend(&table, "| `", name, "` | adds/removes actions | adds/removes actions | ",
                      "adds/removes actions | reruns |\n");
      continue;
    }
    // A chain reruns from its first changed chunk: phase 2 continues phase 1's final checkpoint
    // and evaluations read the final ones, so a change upstream reruns everything after it.
    const Slices rechunked = AllSlices(edited, edited);  // the edited config's own chunking
    const int64_t chunks1_after = static_cast<int64_t>(rechunked.phase1.size());
    const int64_t chunks2_after = static_cast<int64_t>(rechunked.phase2.size());
    auto verdict = [](const std::vector<std::string>& a, const std::vector<std::string>& b,
                      int64_t chunks_after) {
      int changed = 0;
      for (size_t i = 0; i < a.size(); ++i) changed += a[i] != b[i];
      std::string text = changed == 0
                             ? (chunks_after != static_cast<int64_t>(a.size()) ? "none rerun" : "-")
                         : changed == static_cast<int>(a.size())
                             ? std::string("**reruns all**")
                             : absl::StrCat("reruns ", changed, " of ", a.size(), " chunks");
      if (chunks_after != static_cast<int64_t>(a.size())) {
        absl::StrAppend(&text, " (", a.size(), " -> ", chunks_after, " chunks)");
      }
      return text;
    };
    const std::string phase1 = verdict(original.phase1, after.phase1, chunks1_after);
    const bool phase1_reruns = phase1 != "-";
    const std::string phase2 = phase1_reruns
                                   ? "**reruns all** (new phase-1 checkpoints)"
                                   : verdict(original.phase2, after.phase2, chunks2_after);
    const std::string evaluation = phase1_reruns || phase2 != "-"
                                       ? "**reruns all** (new checkpoints)"
                                   : after.evaluation != original.evaluation ? "**reruns all**"
                                                                             : "-";
    absl::StrAppend(&table, "| `", name, "` | ", phase1, " | ", phase2, " | ", evaluation,
                    " | reruns |\n");
  }
  std::fputs(table.c_str(), stdout);
  return absl::OkStatus();
}

}  // namespace
}  // namespace lambdabeta

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return lambdabeta::ExitCode("invalidation_table", lambdabeta::Run());
}
