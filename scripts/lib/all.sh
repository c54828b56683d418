# shellcheck shell=bash
# Every helper the entry scripts use, in dependency order.
# shellcheck source=scripts/lib/common.sh
source scripts/lib/common.sh
# shellcheck source=scripts/lib/pnpm.sh
source scripts/lib/pnpm.sh
# shellcheck source=scripts/lib/postgres.sh
source scripts/lib/postgres.sh
# shellcheck source=scripts/lib/redis.sh
source scripts/lib/redis.sh
# shellcheck source=scripts/lib/env.sh
source scripts/lib/env.sh
