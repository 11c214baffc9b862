import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Caller, Public, type CallContext } from '@landfall/identity';
import { tklbamErrors } from '../domain/errors';
import type { TklbamRecordJson } from '../domain/record-json';
import { parsePythonBool } from '../domain/wire';
import type { TklbamCredentialsJson } from '../services/tklbam-credentials.service';
import { TklbamAuthService } from '../services/tklbam-auth.service';
import { TklbamCredentialsService } from '../services/tklbam-credentials.service';
import { TklbamProfilesService } from '../services/tklbam-profiles.service';
import { TklbamRecordsService } from '../services/tklbam-records.service';
import type { TklbamCaller } from '../domain/tklbam';
import { optionalArg, requiredArg } from './form-args';
import { CurrentTklbamCaller, TklbamSubkeyGuard } from './tklbam-caller';

type Args = Record<string, unknown> | undefined;

/**
 * The TurnKey Hub backup API (`/api/backup/`, hub.py) as TKLBAM agents call it: query strings on GET, form bodies on
 * POST/PUT, JSON answers, `Name:Description` text errors (see TklbamWireHooks). Paths arrive here without their
 * trailing slash (rewriteTklbamUrl). Not in the OpenAPI document: its contract is the agent's code (docs/tklbam.md).
 */
@ApiExcludeController()
@Public()
@Controller('api/backup')
export class TklbamController {
  constructor(
    private readonly auth: TklbamAuthService,
    private readonly credentials: TklbamCredentialsService,
    private readonly records: TklbamRecordsService,
    private readonly profiles: TklbamProfilesService,
  ) {}

  @Get('subkey')
  subkey(@Query() query: Args, @Caller() call: CallContext): Promise<{ subkey: string }> {
    return this.auth.link(optionalArg(query, 'apikey'), call);
  }

  @Get('credentials')
  @UseGuards(TklbamSubkeyGuard)
  getCredentials(
    @CurrentTklbamCaller() caller: TklbamCaller,
    @Caller() call: CallContext,
  ): Promise<TklbamCredentialsJson> {
    return this.credentials.forAccount(caller, call);
  }

  @Post('record/create')
  @HttpCode(200)
  @UseGuards(TklbamSubkeyGuard)
  create(
    @CurrentTklbamCaller() caller: TklbamCaller,
    @Caller() call: CallContext,
    @Body() body: Args,
  ): Promise<TklbamRecordJson> {
    return this.records.create(caller, call, {
      key: requiredArg(body, 'key'),
      turnkeyVersion: requiredArg(body, 'turnkey_version'),
      serverId: optionalArg(body, 'server_id') ?? null,
    });
  }

  @Put('record/update')
  @UseGuards(TklbamSubkeyGuard)
  backedUp(
    @CurrentTklbamCaller() caller: TklbamCaller,
    @Caller() call: CallContext,
    @Body() body: Args,
  ): Promise<TklbamRecordJson> {
    return this.records.backedUp(caller, call, requiredArg(body, 'address'));
  }

  @Get('records')
  @UseGuards(TklbamSubkeyGuard)
  list(
    @CurrentTklbamCaller() caller: TklbamCaller,
    @Caller() call: CallContext,
  ): Promise<TklbamRecordJson[]> {
    return this.records.list(caller, call);
  }

  @Get('record/:id')
  @UseGuards(TklbamSubkeyGuard)
  get(
    @CurrentTklbamCaller() caller: TklbamCaller,
    @Caller() call: CallContext,
    @Param('id') id: string,
  ): Promise<TklbamRecordJson> {
    return this.records.get(caller, call, id);
  }

  @Put('record/:id')
  @UseGuards(TklbamSubkeyGuard)
  updateKey(
    @CurrentTklbamCaller() caller: TklbamCaller,
    @Caller() call: CallContext,
    @Param('id') id: string,
    @Body() body: Args,
  ): Promise<TklbamRecordJson> {
    return this.records.updateKey(caller, call, id, requiredArg(body, 'key'));
  }

  @Put('record/:id/inprogress')
  @UseGuards(TklbamSubkeyGuard)
  inProgress(
    @CurrentTklbamCaller() caller: TklbamCaller,
    @Caller() call: CallContext,
    @Param('id') id: string,
    @Body() body: Args,
  ): Promise<TklbamRecordJson> {
    const value = parsePythonBool(requiredArg(body, 'bool'));
    if (value === null) throw tklbamErrors.invalidArgument('bool', 'expected True or False');
    return this.records.setInProgress(caller, call, id, value);
  }

  @Get('archive/timestamp')
  @UseGuards(TklbamSubkeyGuard)
  archiveTimestamp(
    @CurrentTklbamCaller() caller: TklbamCaller,
    @Caller() call: CallContext,
    @Query() query: Args,
  ): Promise<{ archive_timestamp: number }> {
    return this.profiles.timestamp(caller, call, requiredArg(query, 'turnkey_version'));
  }

  @Get('archive')
  @UseGuards(TklbamSubkeyGuard)
  archive(
    @CurrentTklbamCaller() caller: TklbamCaller,
    @Caller() call: CallContext,
    @Query() query: Args,
  ): Promise<{ archive_content: string }> {
    return this.profiles.archive(caller, call, requiredArg(query, 'turnkey_version'));
  }
}
