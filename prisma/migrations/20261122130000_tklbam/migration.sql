-- TKLBAM compatibility (issue 5): TKLBAM user ids and API keys per account, backup records, backup profiles.

-- CreateTable
CREATE TABLE "tklbam_accounts" (
    "uid" SERIAL NOT NULL,
    "account_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tklbam_accounts_pkey" PRIMARY KEY ("uid")
);

-- CreateTable
CREATE TABLE "tklbam_api_keys" (
    "id" UUID NOT NULL,
    "uid" INTEGER NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "subkey_hash" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "tklbam_api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tklbam_records" (
    "id" SERIAL NOT NULL,
    "account_id" UUID NOT NULL,
    "appliance_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "turnkey_version" TEXT NOT NULL,
    "server_id" TEXT,
    "description" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "tklbam_records_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tklbam_profiles" (
    "turnkey_version" TEXT NOT NULL,
    "archive" BYTEA NOT NULL,
    "sha256" TEXT NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "timestamp" INTEGER NOT NULL,
    "uploaded_at" TIMESTAMPTZ(3) NOT NULL,
    "uploaded_by" TEXT NOT NULL,

    CONSTRAINT "tklbam_profiles_pkey" PRIMARY KEY ("turnkey_version")
);

-- CreateIndex
CREATE UNIQUE INDEX "tklbam_accounts_account_id_key" ON "tklbam_accounts"("account_id");

-- CreateIndex
CREATE INDEX "tklbam_api_keys_uid_idx" ON "tklbam_api_keys"("uid");

-- CreateIndex
CREATE UNIQUE INDEX "tklbam_records_appliance_id_key" ON "tklbam_records"("appliance_id");

-- CreateIndex
CREATE INDEX "tklbam_records_account_id_idx" ON "tklbam_records"("account_id");

-- AddForeignKey
ALTER TABLE "tklbam_accounts" ADD CONSTRAINT "tklbam_accounts_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tklbam_api_keys" ADD CONSTRAINT "tklbam_api_keys_uid_fkey" FOREIGN KEY ("uid") REFERENCES "tklbam_accounts"("uid") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tklbam_records" ADD CONSTRAINT "tklbam_records_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tklbam_records" ADD CONSTRAINT "tklbam_records_appliance_id_fkey" FOREIGN KEY ("appliance_id") REFERENCES "appliances"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
