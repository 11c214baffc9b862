import { Module } from '@nestjs/common';
import { CLOCK, systemClock } from '@landfall/common';
import { BucketProvisioner } from './bucket-provisioner';
import { BucketRepository } from './bucket.repository';

/** Region buckets on their own, for processes that provision without serving agents (the migration worker). */
@Module({
  providers: [{ provide: CLOCK, useValue: systemClock }, BucketRepository, BucketProvisioner],
  exports: [BucketRepository, BucketProvisioner],
})
export class BucketsModule {}
