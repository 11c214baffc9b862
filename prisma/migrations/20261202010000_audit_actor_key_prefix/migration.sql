ALTER TABLE "audit_events" ADD COLUMN "actor_key_prefix" TEXT;
