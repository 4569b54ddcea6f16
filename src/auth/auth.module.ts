import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BridgePointsModule } from '../bridge-points/bridge-points.module';
import { DepartmentsModule } from '../departments/departments.module';
import { AccountsService } from './accounts.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { CheckinLinksService } from './checkin-links.service';
import { CheckinLinkEntity } from './entities/checkin-link.entity';
import { UserHistoryEntity } from './entities/user-history.entity';
import { UserEntity } from './entities/user.entity';
import { AuthGuard } from './guards/auth.guard';
import { TokenService } from './token.service';
import { UsersController } from './users.controller';
import { UserSessions } from './user-sessions';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, UserHistoryEntity, CheckinLinkEntity]), BridgePointsModule, DepartmentsModule],
  controllers: [AuthController, UsersController],
  providers: [AuthService, UsersService, AccountsService, UserSessions, TokenService, CheckinLinksService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService, UsersService, CheckinLinksService],
})
export class AuthModule implements OnApplicationBootstrap {
  constructor(private readonly users: UsersService) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.users.ensureAdmin();
  }
}
