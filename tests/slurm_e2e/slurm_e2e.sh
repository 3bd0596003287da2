#!/usr/bin/env bash
# The Slurm scale-out, end to end, on one machine: a live one-node Slurm cluster (munged,
# slurmctld, slurmd) and an nginx cache on 127.0.0.1 run the default tier through the launcher
# (//tools/slurm:submit). Checks:
#   1. the final job's figures, tables, ledger, report and every model's result are byte for
#      byte those of a plain local build (REFERENCE_BIN, that build's bazel-bin);
#   2. a chain task requeued mid-training (scontrol requeue, as a preemption or a node failure
#      does) resumes from its periodic checkpoint and still gives identical bytes;
#   3. the final job's execution log holds no training or evaluation action that ran there.
# Every server it starts is stopped by PID on exit.
#
# usage: slurm_e2e.sh REFERENCE_BIN [SEED_DISK_CACHE [TRAIN_CHAINS]]
#   REFERENCE_BIN    bazel-bin of `bazel build //figures:all //paper:claims` in this workspace
#   SEED_DISK_CACHE  optional: a Bazel --disk_cache whose entries seed the shared cache, so that
#                    the jobs do not compile LibTorch code again. The training and evaluation
#                    of the chains the cluster is to train are left out of it.
#   TRAIN_CHAINS     with a seed: the chains the cluster trains, e.g. "beta64_seed1 beta16_seed0"
#                    (default: every chain). The other chains stay in the seeded cache, as after
#                    a partial run: submit must queue exactly the listed chains, and the final
#                    job builds every figure and the ledger from both. The node's cores are
#                    shared out among the listed chains' tasks (each builds with that many jobs).
# Needs root (slurmd), slurm-wlm, munge, nginx, jq (tools/setup.sh installs them). CI runs it as
# its own step after the README's test command (.ci/run). SLURM_E2E_KEEP=1 keeps the files of a
# passing run too.
set -euo pipefail
workspace=$(cd "$(dirname "$0")/../.." && pwd)
reference=$(cd "$1" && pwd)
seed=${2:-}
train_chains=${3:-}
source "$workspace/tools/loopback_nginx.sh"
source "$workspace/tools/loopback_slurm.sh"

fail() { echo "SLURM E2E FAILED: $*" >&2; exit 1; }
step() { echo "== $(date -u +%T) $*"; }
# The chains the cluster trains, as a pattern of chain names (beta<b>_seed<s>).
chains='beta[^_]+_seed[0-9]+' cpus_per_task=1
if [[ -n "$train_chains" ]]; then
  [[ -n "$seed" ]] || fail "TRAIN_CHAINS needs SEED_DISK_CACHE: without a seed the cluster trains every chain"
  for chain in $train_chains; do
    [[ "$chain" =~ ^beta[0-9.]+_seed[0-9]+$ ]] || fail "'$chain' is not a chain name like beta64_seed1"
  done
  chains="($(echo $train_chains | tr ' ' '|'))"
  cpus_per_task=$(($(nproc) / $(wc -w <<< "$train_chains")))
  ((cpus_per_task >= 1)) || cpus_per_task=1
fi
[[ $(id -u) -eq 0 ]] || fail "needs root: slurmd runs the jobs"
for tool in munged slurmctld slurmd sbatch nginx jq curl; do
  command -v "$tool" >/dev/null || fail "$tool is missing (tools/setup.sh installs it)"
done

work=$(mktemp -d /tmp/slurm-e2e.XXXXXX)
passed=0
cleanup() {
  [[ -n "${SLURM_CONF:-}" ]] && scancel --user=root --quiet 2>/dev/null || true
  loopback_slurm_stop "$work/slurm"
  loopback_nginx_stop "$work/nginx"
  # A failed run keeps its logs, cache and node output bases for a look; a passed one (about
  # 0.5 GB) goes, unless SLURM_E2E_KEEP=1.
  if [[ $passed -eq 1 && "${SLURM_E2E_KEEP:-0}" != 1 ]]; then rm -rf "$work"
  else echo "the test's files are in $work" >&2; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM  # so that the EXIT trap stops the servers on a signal too
started=$(date +%s)

step "starting munged, slurmctld, slurmd and the nginx cache on 127.0.0.1 ($work)"
loopback_slurm_start "$work/slurm"
mkdir -p "$work/cache"
loopback_nginx_start "$work/nginx" "$(loopback_nginx_cache_directives "$work/cache")"
cache="http://127.0.0.1:$LOOPBACK_NGINX_PORT"

if [[ -n "$seed" ]]; then
  # Bazel's disk cache shards by the first two hex digits; the HTTP cache is flat. Action
  # results that name an output of the deep study stay out.
  mkdir -p "$work/cache/cas"
  find "$seed/cas" -type f -exec cp -l -t "$work/cache/cas" {} + 2>/dev/null ||
    find "$seed/cas" -type f -exec cp -t "$work/cache/cas" {} +
  mkdir -p "$work/cache/ac"
  # An action result that names an output of a chain to train stays out: its path in the result
  # is .../smoke/builtin_sprites/beta<b>_seed<s>_....
  kept=0 left=0
  while read -r entry; do
    if grep -qaE "pipeline/deep/smoke/builtin_sprites/${chains}_" "$entry"; then
      left=$((left + 1)); continue
    fi
    cp "$entry" "$work/cache/ac/"; kept=$((kept + 1))
  done < <(find "$seed/ac" -type f)
  step "seeded the cache from $seed: $kept action results kept, $left of the chains to train left out"
fi

step "submitting the default tier through the launcher"
state="$work/state"
resume_before=$(find /tmp/lambdabeta-resume -name 'train-*.ckpt' 2>/dev/null | sort || true)
touch "$work/submitted-at"
(cd "$workspace" && bash tools/slurm/submit.sh --tier=smoke --cache="$cache" \
  --state_dir="$state" --output_root="$work/nodes" --cpus_per_task="$cpus_per_task") | tee "$work/submit.out"
chains_job=$(sed -n 's/^chains //p' "$state/jobs")
final_job=$(sed -n 's/^final //p' "$state/jobs")
tasks=$(wc -l < "$state/plan.tsv")
[[ -n "$chains_job" && -n "$final_job" && $tasks -gt 0 ]] || fail "the launcher queued no chains"
all_chains=$(wc -l < "$state/plan.all.tsv")
expected=$all_chains
[[ -n "$seed" && -n "$train_chains" ]] &&
  expected=$(cut -f1 "$state/plan.all.tsv" | grep -cE "^[^/]+/${chains}\$" || true)
((expected > 0)) || fail "the plan has none of the chains $train_chains"
if [[ $tasks -ne $expected ]]; then
  # The seed must hold every action of the reference build. An output base that was up to date
  # before the disk cache existed executes nothing, so nothing of it reaches the disk cache.
  # Submit leaves tools_cached when the cache holds everything but training and evaluation.
  [[ -n "$seed" && ! -f "$state/tools_cached" ]] &&
    fail "the launcher queued $tasks of $all_chains chains, not $expected: the seed $seed lacks" \
      "actions of the reference build other than training (submit's line above names one); was" \
      "the reference built in an output base that was already warm?"
  fail "the launcher queued $tasks of $all_chains chains; $expected are not in the cache"
fi
step "the launcher queued the $tasks of $all_chains chains that are not in the cache"

step "waiting until the running chain tasks have written periodic checkpoints, then requeueing them"
requeued=""
for _ in $(seq 3000); do  # 0.2 s each: at most 10 min
  fresh=$(find /tmp/lambdabeta-resume -name 'train-*.ckpt' -newer "$work/submitted-at" 2>/dev/null |
    sort | comm -23 - <(echo "$resume_before") || true)
  running=$(squeue --noheader -j "$chains_job" --states=RUNNING -o '%i' | tr '\n' ' ')
  # Once every running task has written one (the tasks start together and train alike).
  if [[ -n "$fresh" && -n "$running" && $(echo "$fresh" | wc -l) -ge $(echo $running | wc -w) ]]; then
    requeued=$running
    for task in $requeued; do scontrol requeue "$task"; done
    # Slurm holds them back for the credential lifetime, short on the loopback cluster
    # (tools/loopback_slurm.sh). Never shorten the hold by hand: a task started before its old
    # credential expired fails with "Job credential revoked", and the final job with it.
    requeued_at=$(date +%s)
    step "requeued $requeued (periodic checkpoint $(basename "$(echo "$fresh" | head -n 1)"))"
    break
  fi
  squeue --noheader -j "$final_job" -o '%i' 2>/dev/null | grep -q . || break
  squeue --noheader -j "$chains_job" -o '%R' 2>/dev/null | grep -q DependencyNeverSatisfied &&
    { tail -n 20 "$state/logs/prologue.log"; fail "the prologue failed (its log above)"; }
  sleep 0.2
done
[[ -n "$requeued" ]] || fail "no chain task was running with a periodic checkpoint to interrupt"

step "waiting for the final job ($final_job)"
for _ in $(seq 1800); do  # 1 s each: at most 30 min
  state_now=$(squeue --noheader -j "$final_job" -o '%T %R' 2>/dev/null || true)
  [[ -z "$state_now" || "$state_now" == COMPLETED* || "$state_now" == FAILED* ]] && break
  if [[ "$state_now" == *DependencyNeverSatisfied* ]]; then
    (cd "$workspace" && bash tools/slurm/submit.sh --status --tier=smoke --cache="$cache" \
      --state_dir="$state" --output_root="$work/nodes") || true
    echo "== slurmctld's log (without debug lines)"
    grep -v 'debug' "$work/slurm/slurmctld.log" | tail -n 30
    fail "a chain task failed; the final job can never run"
  fi
  sleep 1
done
grep -q "final outputs in" "$state/logs/final.log" ||
  { tail -n 30 "$state/logs/final.log"; fail "the final job did not finish (log above)"; }
elapsed=$(($(date +%s) - started))

step "the requeued tasks resumed from their periodic checkpoints"
resumed=0
for task in $requeued; do
  log="$state/logs/chain-${task##*_}.log"
  restarted=$(grep -m1 "(restart 1)" "$log") || fail "$task did not run again after its requeue ($log)"
  restarted=$(grep -oE '[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]+Z' <<< "$restarted")
  echo "  $task: started again at ${restarted#*T}, $(($(date -d "$restarted" +%s) - requeued_at)) s after its requeue"
  if grep -q "train: resuming from" "$log"; then
    resumed=$((resumed + 1))
    echo "  $task: $(grep -m1 "train: resuming from" "$log" | sed 's/.*resuming/resuming/')"
  fi
done
[[ $resumed -ge 1 ]] || fail "no requeued task resumed from a periodic checkpoint"

step "comparing the final job's outputs with the local build, byte for byte"
compared=0 results=0 trained_results=0 differ=()
while read -r file; do
  [[ -f "$reference/$file" ]] || { differ+=("$file (not in the local build)"); continue; }
  cmp -s "$state/final/outputs/$file" "$reference/$file" || differ+=("$file")
  compared=$((compared + 1))
  if [[ "$file" == *_result.pbtxt ]]; then
    results=$((results + 1))
    [[ "$file" =~ /${chains}_ ]] && trained_results=$((trained_results + 1))
  fi
done < <(cd "$state/final/outputs" && find . -type f -printf '%P\n' | sort)
for must in paper/claims.pbtxt paper/report.html figures/fig2.png figures/fig4.png figures/fig8.pdf; do
  [[ -f "$state/final/outputs/$must" ]] || differ+=("$must (missing from the final job's outputs)")
done
echo "  $compared files compared ($results model results, $trained_results of them trained on the cluster), ${#differ[@]} differ"
[[ ${#differ[@]} -eq 0 ]] || { printf '  differs: %s\n' "${differ[@]}"; fail "outputs differ"; }
[[ $trained_results -gt 0 ]] || fail "no result of a model trained on the cluster was compared"

step "the final job's execution log: no training or evaluation ran there"
log_json="$state/final/execution_log.json"
ran=$(jq -r 'select(.progressMessage | test("^(Training|Evaluating) ")) | select(.remoteCacheHit | not) | .progressMessage' "$log_json" | wc -l)
cached=$(jq -r 'select(.progressMessage | test("^(Training|Evaluating) ")) | select(.remoteCacheHit) | .progressMessage' "$log_json" | wc -l)
echo "  training and evaluation actions: $cached taken from the cache, $ran run in the final job"
[[ $ran -eq 0 ]] || fail "$ran training or evaluation actions ran in the final job"
[[ $cached -gt 0 ]] || fail "the execution log lists no training or evaluation action at all"

passed=1
echo "SLURM E2E PASSED: $tasks of $all_chains chains trained on the cluster, wall time ${elapsed} s, $compared files identical," \
  "$(echo $requeued | wc -w) task(s) requeued mid-training and resumed"
