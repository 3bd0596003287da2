#!/usr/bin/env bash
# One job of a Slurm submission (tools/slurm/submit.sh writes the sbatch files that run this):
#   job.sh prologue STATE_DIR   the tools, slices and datasets, built once into the cache
#   job.sh chain STATE_DIR      array task SLURM_ARRAY_TASK_ID: one model chain
#   job.sh final STATE_DIR      figures, report and ledger from the cache; never trains
set -euo pipefail
role=$1
source "$2/settings.sh"
source "$workspace/tools/slurm/common.sh"
cd "$workspace"
mapfile -t flags < <(job_bazel_flags "$cpus_per_task")
echo "job.sh $role on $(hostname) at $(date -u +%FT%TZ), Slurm job ${SLURM_JOB_ID:-none}" \
  "(restart ${SLURM_RESTART_COUNT:-0})"

case "$role" in
  prologue)
    # The tier's tools (every cc_binary of this workspace its deep actions run), its config
    # slices and its data.
    deep="attr(name, '^$tier/', //pipeline/deep:*)"
    mapfile -t targets < <(bazel query --noshow_progress \
      "filter('^//', kind(cc_binary, deps($deep))) + attr(name, '^$tier/slices/', //pipeline/deep:*) + (labels(srcs, kind(genrule, $deep)) except //pipeline/deep:*)" 2>/dev/null)
    job_bazel prologue build "${flags[@]}" --remote_download_minimal "${targets[@]}"
    ;;

  chain)
    index=${SLURM_ARRAY_TASK_ID:?not an array task}
    line=$(sed -n "$((index + 1))p" "$state_dir/plan.tsv")
    [[ -n "$line" ]] || { echo "job.sh: no line $((index + 1)) in $state_dir/plan.tsv" >&2; exit 2; }
    echo "chain ${line%%$'\t'*}"
    if [[ -n "$resume_dir" ]]; then
      # Periodic checkpoints go to /tmp/lambdabeta-resume (on every training command line, so
      # the same on every machine); on shared storage, a task requeued elsewhere resumes too.
      mkdir -p "$resume_dir"
      if [[ -e /tmp/lambdabeta-resume && ! -L /tmp/lambdabeta-resume ]]; then
        echo "job.sh: /tmp/lambdabeta-resume on $(hostname) is a folder, not a link to $resume_dir" >&2
        exit 2
      fi
      ln -sfn "$resume_dir" /tmp/lambdabeta-resume
    fi
    read -r -a targets <<< "${line#*$'\t'}"
    job_bazel "chain$index" build "${flags[@]}" --remote_download_minimal "${targets[@]}"
    ;;

  final)
    out="$state_dir/final"
    rm -rf "$out/outputs" && mkdir -p "$out/outputs"
    status=0
    job_bazel final build "${flags[@]}" --remote_download_toplevel "${NO_TRAINING_FLAGS[@]}" \
      --execution_log_json_file="$out/execution_log.json" \
      //figures:all //paper:report //paper:claims //pipeline/deep:results 2>&1 |
      tee "$out/build.log" || status=$?
    if [[ $status -ne 0 ]]; then
      missing=$(failed_models "$tier" < "$out/build.log" | sort -u)
      if [[ -n "$missing" ]]; then
        echo "job.sh: the final job does not train; these models are not (all) in the cache:" >&2
        printf '  %s\n' $missing >&2
        echo "resubmit them: bazel run //tools/slurm:submit -- --tier=$tier --cache=$cache" >&2
      fi
      exit "$status"
    fi
    # Defence in depth: the execution log must show no training or evaluation that ran here.
    ran=$(jq -r 'select(.progressMessage | test("^(Training|Evaluating) ")) | select(.remoteCacheHit | not) | .progressMessage' \
      "$out/execution_log.json")
    if [[ -n "$ran" ]]; then
      echo "job.sh: training or evaluation ran in the final job:" >&2; echo "$ran" >&2; exit 1
    fi
    # The outputs, on shared storage: figures, tables, report, ledger, every model's result.
    bin=$(job_bazel final info "${flags[@]}" bazel-bin 2>/dev/null)
    (cd "$bin" && find figures paper pipeline/deep -maxdepth 3 -type f \
      \( -name '*.png' -o -name '*.pdf' -o -name '*.md' -o -name '*.tsv' -o -name '*.dat' \
         -o -name '*.html' -o -name 'claims.pbtxt' -o -name '*_result.pbtxt' \) \
      -not -path '*.runfiles*' -print0 | xargs -0 cp --parents -t "$out/outputs")
    echo "job.sh: final outputs in $out/outputs"
    ;;

  *) echo "job.sh: unknown role '$role'" >&2; exit 2 ;;
esac
