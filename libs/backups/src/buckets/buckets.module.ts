import { Module } from '@nestjs/common';
import { CLOCK, systemClock } from '@landfall/common';
import { BucketProvisioner } from './bucket-provisioner';
import { BucketRepository } from './bucket.repository';
import { CredentialRevocations } from './credential-revocations';

/** Region buckets on their own, for processes that provision without serving agents (the migration worker). */
@Module({
  providers: [{ provide: CLOCK, useValue: systemClock }, BucketRepository, BucketProvisioner, CredentialRevocations],
  exports: [BucketRepository, BucketProvisioner, CredentialRevocations],
})
export class BucketsModule {}
