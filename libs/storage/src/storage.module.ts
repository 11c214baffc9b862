import { Global, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { OBJECT_STORE, PREFIX_METER } from './domain/object-store';
import { S3ObjectStore, type S3Settings } from './services/s3-object-store';

@Global()
@Module({})
export class StorageModule {
  static forRoot(settings: S3Settings): DynamicModule {
    return {
      module: StorageModule,
      providers: [
        { provide: S3ObjectStore, useFactory: () => new S3ObjectStore(settings) },
        { provide: OBJECT_STORE, useExisting: S3ObjectStore },
        { provide: PREFIX_METER, useExisting: S3ObjectStore },
        {
          provide: StoreCloser,
          useFactory: (store: S3ObjectStore) => new StoreCloser(store),
          inject: [S3ObjectStore],
        },
      ],
      exports: [OBJECT_STORE, PREFIX_METER],
    };
  }
}

class StoreCloser implements OnApplicationShutdown {
  constructor(private readonly store: S3ObjectStore) {}
  onApplicationShutdown(): void {
    this.store.destroy();
  }
}
