import { Module } from '@nestjs/common';
import { IdentityModule } from '@landfall/identity';
import { AccountsAdminController } from './controllers/accounts.admin.controller';
import { AccountsAdminService } from './services/accounts-admin.service';
import { AccountsRepository } from './repositories/accounts.repository';
import { AppliancesAdminController } from './controllers/appliances.admin.controller';

/** The admin API for accounts and appliances. */
@Module({
  imports: [IdentityModule],
  controllers: [AccountsAdminController, AppliancesAdminController],
  providers: [AccountsRepository, AccountsAdminService],
})
export class AccountsModule {}
