-- postgres-row-lock: after PostgreSQL committed a reservation, lower Redis's copy of the stock (read by the
-- catalog and the sold-out check). A missing copy stays missing: the warm-up or reconciliation rebuilds it.
-- KEYS[1] stock   ARGV[1] quantity
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('DECRBY', KEYS[1], ARGV[1]) end
return 1
