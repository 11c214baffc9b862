import { Global, Module, type DynamicModule } from '@nestjs/common';
import { DATABASE_OPTIONS, PrismaService, type DatabaseOptions } from './services/prisma.service';

@Global()
@Module({})
export class PersistenceModule {
  static forRoot(options: DatabaseOptions): DynamicModule {
    return {
      module: PersistenceModule,
      providers: [{ provide: DATABASE_OPTIONS, useValue: options }, PrismaService],
      exports: [PrismaService, DATABASE_OPTIONS],
    };
  }
}
