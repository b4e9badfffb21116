#!/usr/bin/env bash
# ci-pipeline (seed 001): the pipeline passes with `up --build --exit-code-from deploy`; a failing unit
# test shows; the tutorial's file as printed fails the way it does with the real alpine/git image.
. "$(dirname "$0")/../check-lib.sh"

step "up --build --exit-code-from deploy exits 0" C up --build --exit-code-from deploy
step "unit_tests logs" C logs --no-color unit_tests
expect_in "the tutorial's test passed" '1 passed'
step "deploy logs" C logs --no-color deploy
expect_in "deploy ran (image name interpolated from .env)" "Deploying image my-python-app:latest to staging.example.com"
expect_in "deploy completed" 'Deployment complete \(Simulated\)'
step "app logs" C logs --no-color app
expect_in "app printed add(2,3)" '\| 5$|^5$'
step "the app image is tagged my-python-app:latest" docker image inspect my-python-app:latest
step "down" C down -v --remove-orphans

# A failing unit test: the tests run from the bind-mounted directory, so no rebuild is needed.
cat >"$WORK/test_broken.py" <<'PY'
from app import add

def test_broken():
  assert add(2, 2) == 5
PY
step_rc 1 "with a failing test, run --rm unit_tests exits 1" C run --rm unit_tests
expect_in "the failure shows" 'FAILED test_broken.py::test_broken|1 failed'
step_rc 1 "with a failing test, up --exit-code-from unit_tests exits 1" C up --exit-code-from unit_tests
step "unit_tests logs" C logs --no-color unit_tests
expect_in "the failure shows in the logs" '1 failed'
rm -f "$WORK/test_broken.py"
step "down" C down -v --remove-orphans

# The file as printed: alpine/git's ENTRYPOINT is git, so deploy runs `git sh -c ...` and fails.
COMPOSE_FILE_NAME=compose.as-printed.yaml
step_rc 1 "as printed, up --exit-code-from deploy exits 1" C up --exit-code-from deploy
step "as printed, deploy logs" C logs --no-color deploy
expect_in "as printed, git refuses 'sh'" "'sh' is not a git command"
