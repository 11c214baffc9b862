import { Global, Module } from '@nestjs/common';
import { CREDENTIAL_REVOKER } from '@landfall/common';
import { BucketProvisioner } from './services/bucket-provisioner';
import { BucketRepository } from './repositories/bucket.repository';
import { CredentialRevocationRepository } from './repositories/credential-revocation.repository';
import { CredentialRevocations } from './services/credential-revocations';

/** Region buckets on their own, for processes that provision without serving agents (the migration worker). */
@Module({
  providers: [BucketRepository, BucketProvisioner, CredentialRevocationRepository, CredentialRevocations],
  exports: [BucketRepository, BucketProvisioner, CredentialRevocations],
})
export class BucketsModule {}

/** Provides CREDENTIAL_REVOKER to every module of the hub (accounts, identity, TKLBAM keys). */
@Global()
@Module({
  imports: [BucketsModule],
  providers: [{ provide: CREDENTIAL_REVOKER, useExisting: CredentialRevocations }],
  exports: [CREDENTIAL_REVOKER],
})
export class CredentialRevokerModule {}
