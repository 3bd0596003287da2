#!/usr/bin/env bash
# Runs one tier of the study on a Slurm cluster, with a Bazel HTTP cache as the one shared store
# of every action's output. Slurm decides where and when; Bazel decides what has to run.
#
#   bazel run //tools/slurm:submit -- --tier=paper --cache=http://HOST:PORT [options]
#
# Three jobs (docs/scale-out.md):
#   prologue  builds the tools and slices once and uploads them to the cache;
#   chains    an array, one task per model chain (dataset, beta, seed): its phase-1 chunks, its
#             phase-2 lambda branches and its evaluations, each task with its own output base;
#   final     after the array (afterok): the figures, the report and the ledger from the cache.
#             It never trains: a training or evaluation action missing from the cache stops it
#             with the model's name.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
workspace=${BUILD_WORKSPACE_DIRECTORY:-$(cd "$here/../.." && pwd)}
# Under `bazel run` this script sits in a runfiles tree; its siblings are read from the workspace,
# which the cluster's nodes see on shared storage.
source "$workspace/tools/slurm/common.sh"

usage() {
  cat <<'EOF'
usage: submit --tier=TIER --cache=http://HOST:PORT [options]
       submit --status --tier=TIER --cache=URL [--state_dir=DIR]

  --tier=T             smoke (default tier), cpu, paper or authors (paper/config/T.deep.pbtxt)
  --cache=URL          the shared Bazel HTTP cache (nginx with WebDAV PUT, bazel-remote, ...)
  --gpus               one GPU per task (--gres=gpu:1) and --config=cuda
  --partition=P        sbatch --partition
  --account=A          sbatch --account
  --max_parallel=N     at most N array tasks at once (the array's %N)
  --cpus_per_task=N    cores per task (default 1: one model trains on one core)
  --time=T             sbatch --time per task (default 2-00:00:00)
  --state_dir=DIR      shared folder for job scripts, logs and final outputs
                       (default <workspace>/slurm-runs/<tier>)
  --output_root=DIR    node-local folder for the tasks' Bazel output bases
                       (default /tmp/lambdabeta-slurm-$USER)
  --datasets_dir=DIR   the datasets, one shared copy (--repo_env=LAMBDABETA_DATASETS_DIR)
  --repository_cache=DIR  a shared Bazel repository cache (downloads happen once, in the prologue)
  --resume_dir=DIR     shared storage for periodic checkpoints, so that a task requeued on
                       another node resumes (each node's /tmp/lambdabeta-resume links to it)
  --bazel_flag=F       one more flag for every Bazel build of the jobs (repeatable)
  --sbatch_flag=F      one more flag for every sbatch call (repeatable)
  --dry_run            print the plan, the job scripts and the cost estimate; submit nothing
  --status             the queue, failed chains with their last log lines, and what is cached
EOF
}

tier="" cache="" gpus=0 partition="" account="" max_parallel="" cpus_per_task=1
time_limit="2-00:00:00" state_dir="" output_root="/tmp/lambdabeta-slurm-${USER:-$(id -un)}"
datasets_dir="" repository_cache="" resume_dir="" dry_run=0 status=0
bazel_flags=() sbatch_flags=()
for arg in "$@"; do
  case "$arg" in
    --tier=*) tier=${arg#*=} ;;
    --cache=*) cache=${arg#*=} ;;
    --gpus) gpus=1 ;;
    --partition=*) partition=${arg#*=} ;;
    --account=*) account=${arg#*=} ;;
    --max_parallel=*) max_parallel=${arg#*=} ;;
    --cpus_per_task=*) cpus_per_task=${arg#*=} ;;
    --time=*) time_limit=${arg#*=} ;;
    --state_dir=*) state_dir=${arg#*=} ;;
    --output_root=*) output_root=${arg#*=} ;;
    --datasets_dir=*) datasets_dir=${arg#*=} ;;
    --repository_cache=*) repository_cache=${arg#*=} ;;
    --resume_dir=*) resume_dir=${arg#*=} ;;
    --bazel_flag=*) bazel_flags+=("${arg#*=}") ;;
    --sbatch_flag=*) sbatch_flags+=("${arg#*=}") ;;
    --dry_run) dry_run=1 ;;
    --status) status=1 ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown argument '$arg' (--help lists them)" ;;
  esac
done

# --- Checks before anything is queued ----------------------------------------------------------
[[ -n "$tier" ]] || die "--tier is required (one of: $(known_tiers "$workspace"))"
[[ -f "$workspace/paper/config/$tier.deep.pbtxt" ]] ||
  die "unknown tier '$tier': no paper/config/$tier.deep.pbtxt (tiers: $(known_tiers "$workspace"))"
[[ -z "$max_parallel" || "$max_parallel" =~ ^[1-9][0-9]*$ ]] ||
  die "--max_parallel must be a positive integer, not '$max_parallel'"
[[ "$cpus_per_task" =~ ^[1-9][0-9]*$ ]] || die "--cpus_per_task must be a positive integer"
for dir in "$datasets_dir" "$repository_cache" "$resume_dir"; do
  [[ -z "$dir" || "$dir" == /* ]] || die "'$dir': dataset, repository-cache and resume folders must be absolute paths"
done
[[ -z "$datasets_dir" || -d "$datasets_dir" ]] || die "--datasets_dir=$datasets_dir is not a folder"
if [[ -n "$cache" ]]; then
  check_cache "$cache"
elif [[ $dry_run -eq 0 ]]; then
  die "--cache=http://HOST:PORT is required: the jobs share their outputs through it"
fi
state_dir=${state_dir:-$workspace/slurm-runs/$tier}
mkdir -p "$state_dir/logs" "$state_dir/final"
state_dir=$(cd "$state_dir" && pwd)

if [[ $status -eq 1 ]]; then
  [[ -n "$cache" ]] || die "--status needs --cache"
  show_status "$workspace" "$state_dir" "$tier" "$cache"
  exit 0
fi

# --- The plan: the tier's model chains, from the build graph ----------------------------------
cd "$workspace"
log "planning the $tier tier from the build graph (bazel query)"
plan_chains "$tier" > "$state_dir/plan.all.tsv"
total=$(wc -l < "$state_dir/plan.all.tsv")
[[ $total -gt 0 ]] || die "the $tier tier has no model chains in //pipeline/deep"

# Only the chains whose evaluations are not all in the cache are queued: after a partial run,
# a rerun queues what is missing.
rm -f "$state_dir/tools_cached"
if [[ -n "$cache" ]]; then
  log "asking the cache which of the $total chains are complete (a build that runs nothing)"
  write_settings "$state_dir"
  missing_chains "$workspace" "$state_dir" > "$state_dir/missing.txt"
  awk -F'\t' 'NR == FNR { want[$1] = 1; next } ($1 in want)' \
    "$state_dir/missing.txt" "$state_dir/plan.all.tsv" > "$state_dir/plan.tsv"
  log "$(wc -l < "$state_dir/plan.tsv") of $total chains are not in the cache"
else
  cp "$state_dir/plan.all.tsv" "$state_dir/plan.tsv"
fi
tasks=$(wc -l < "$state_dir/plan.tsv")

write_settings "$state_dir"
write_job_scripts "$state_dir" "$tasks"

if [[ $dry_run -eq 1 ]]; then
  print_plan "$state_dir" "$tier" "$tasks"
  exit 0
fi

# The jobs, each after the one before it (afterok): the prologue builds the tools, slices and
# data into the cache unless it holds them, the chains train, the final job builds the rest.
if [[ $tasks -eq 0 ]]; then
  log "every chain is in the cache: submitting only the final job"
  stages=(final)
elif [[ -f "$state_dir/tools_cached" ]]; then
  log "the cache holds the tools, slices and data already: no prologue"
  stages=(chains final)
else
  stages=(prologue chains final)
fi
previous=""
: > "$state_dir/jobs.tmp"
for stage in "${stages[@]}"; do
  previous=$(sbatch --parsable "${sbatch_flags[@]}" ${previous:+--dependency=afterok:$previous} \
    "$state_dir/$stage.sbatch")
  echo "$stage $previous" >> "$state_dir/jobs.tmp"
done
mv "$state_dir/jobs.tmp" "$state_dir/jobs"
log "submitted ($tasks chain tasks): $(tr '\n' ' ' < "$state_dir/jobs")"
log "outputs will land in $state_dir/final; progress: submit --status --tier=$tier --cache=$cache"
cat "$state_dir/jobs"
