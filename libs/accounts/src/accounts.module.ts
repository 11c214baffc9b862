import { Module } from '@nestjs/common';
import { IdentityModule } from '@landfall/identity';
import { AccountsAdminController } from './accounts.admin.controller';
import { AccountsAdminService } from './accounts-admin.service';
import { AccountsRepository } from './accounts.repository';
import { AppliancesAdminController } from './appliances.admin.controller';

/** The admin API for accounts and appliances. */
@Module({
  imports: [IdentityModule],
  controllers: [AccountsAdminController, AppliancesAdminController],
  providers: [AccountsRepository, AccountsAdminService],
})
export class AccountsModule {}
