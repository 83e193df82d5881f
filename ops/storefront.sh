# The storefront right after `up`: a sale to try it with. Sourced by flashsale.sh (token_mint: ops/production.sh).

# In the Development profile, when no sale is listed, one opens a minute after `up` (50 units at 19.99, one per
# shopper, for two hours, behind the proof-of-work human check), so http://localhost:8080/ has something to count
# down to, solve, buy and pay.
storefront_sample_sale() {
  [ "$FS_PROFILE" != production ] || return 0
  local base="http://127.0.0.1:$FS_GATEWAY_PORT" listed admin starts ends
  listed=$(curl -fsS "$base/api/sales" 2>/dev/null) || return 0
  [ "$listed" = "[]" ] || return 0
  admin=$(token_mint --user storefront-seed --role admin --lifetime 300) || return 0
  starts=$(date -u -d '+60 seconds' +%Y-%m-%dT%H:%M:%SZ)
  ends=$(date -u -d '+2 hours' +%Y-%m-%dT%H:%M:%SZ)
  curl -fsS -o /dev/null -XPOST "$base/api/admin/sales" -H "Authorization: Bearer $admin" -H 'content-type: application/json' \
    -d "{\"sku\":\"TRY-$(date -u +%H%M%S)\",\"name\":\"Try-it sale: 50 units\",\"price\":19.99,\"stock\":50,\"startsAt\":\"$starts\",\"endsAt\":\"$ends\",\"perUserLimit\":1,\"humanCheck\":\"proof-of-work\",\"humanCheckMaxNumber\":50000}" \
    && log "a sale to try the storefront with opens at $starts (50 units at 19.99, one per shopper, proof-of-work check): http://localhost:$FS_GATEWAY_PORT/"
}
