/**
 * A local stand-in for the wire of CloudFormation, S3 and STS, enough for the AWS CDK toolkit to
 * deploy, diff and destroy a stack offline (AWS_ENDPOINT_URL points the SDK here). It never reads a
 * template: a stack's outputs and a change set's changes come from the fixture the test passes in
 * (e.g. the ids of the local Cognito's pool and client). Every request is recorded.
 *
 *   const aws = await startAwsRecorder({ outputs, changes });   aws.url, aws.calls, aws.state
 *   aws.fail = 'CreateChangeSet'   the next such call is refused (non-retryable 400); 'Action#n' the
 *                                  n-th; 's3 PUT' an upload; 'resource': the next stack operation
 *                                  fails on a resource and CloudFormation rolls back.
 */
'use strict';
const http = require('node:http');

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const xml = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const members = (list, f) => list.map((item) => `<member>${f(item)}</member>`).join('');
const stackId = (name) => `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${name}/0000-${name}`;

function startAwsRecorder(fixture = {}) {
  const calls = [];
  const seen = {};
  let fail;
  /** stacks: name -> { status, reason, events[], changeSets{}, template, op }; buckets: name -> { key: body } */
  const state = { stacks: {}, buckets: {}, n: 0 };
  const now = () => new Date().toISOString();

  const answer = (res, service, action, inner) => {
    const ns =
      service === 'sts'
        ? 'https://sts.amazonaws.com/doc/2011-06-15/'
        : 'http://cloudformation.amazonaws.com/doc/2010-05-15/';
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.end(
      `<${action}Response xmlns="${ns}"><${action}Result>${inner}</${action}Result>` +
        `<ResponseMetadata><RequestId>r${state.n}</RequestId></ResponseMetadata></${action}Response>`,
    );
  };
  const error = (res, code, message, status = 400) => {
    res.writeHead(status, { 'content-type': 'text/xml' });
    res.end(
      `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${xml(message)}</Message></Error></ErrorResponse>`,
    );
  };
  // Newest first, as CloudFormation lists them; the stack's own events carry the stack ARN.
  const event = (s, name, logical, type, status, reason) =>
    s.events.unshift({ id: `ev${++state.n}`, op: s.op, logical, type, status, reason, time: now(), name });
  const live = (s) => /COMPLETE$/.test(s.status) && !/ROLLBACK_COMPLETE$|DELETE/.test(s.status);
  const stackXml = (name, s) =>
    `<StackName>${name}</StackName><StackId>${stackId(name)}</StackId><StackStatus>${s.status}</StackStatus>` +
    (s.reason ? `<StackStatusReason>${xml(s.reason)}</StackStatusReason>` : '') +
    `<CreationTime>${s.created}</CreationTime><Outputs>${
      live(s) || s.status === 'UPDATE_ROLLBACK_COMPLETE'
        ? members(
            Object.entries(fixture.outputs ?? {}),
            ([k, v]) => `<OutputKey>${k}</OutputKey><OutputValue>${xml(v)}</OutputValue>`,
          )
        : ''
    }</Outputs>`;
  const changeSetOf = (s, p) =>
    s && Object.entries(s.changeSets).find(([n, c]) => n === p.get('ChangeSetName') || c.id === p.get('ChangeSetName'));

  function cloudFormation(res, p) {
    const name = (p.get('StackName') || '').replace(/^arn:.*:stack\/([^/]+)\/.*$/, '$1');
    const s = state.stacks[name];
    const missing = () => error(res, 'ValidationError', `Stack with id ${name} does not exist`);
    switch (p.get('Action')) {
      case 'DescribeStacks':
        // By name a deleted stack is gone; by its ARN CloudFormation still shows it as DELETE_COMPLETE.
        if (!s || (s.status === 'DELETE_COMPLETE' && !p.get('StackName').startsWith('arn:'))) return missing();
        return answer(res, 'cfn', 'DescribeStacks', `<Stacks><member>${stackXml(name, s)}</member></Stacks>`);
      case 'GetTemplate':
        return s
          ? answer(res, 'cfn', 'GetTemplate', `<TemplateBody>${xml(s.template ?? '{}')}</TemplateBody>`)
          : missing();
      case 'DescribeStackEvents':
        if (!s) return missing();
        return answer(
          res,
          'cfn',
          'DescribeStackEvents',
          `<StackEvents>${members(
            s.events,
            (e) =>
              `<EventId>${e.id}</EventId><StackName>${name}</StackName><StackId>${stackId(name)}</StackId>` +
              `<LogicalResourceId>${e.logical}</LogicalResourceId><PhysicalResourceId>${e.type === 'AWS::CloudFormation::Stack' ? stackId(name) : e.logical}</PhysicalResourceId>` +
              `<OperationId>${e.op}</OperationId><ResourceType>${e.type}</ResourceType><Timestamp>${e.time}</Timestamp>` +
              `<ResourceStatus>${e.status}</ResourceStatus>${e.reason ? `<ResourceStatusReason>${xml(e.reason)}</ResourceStatusReason>` : ''}`,
          )}</StackEvents>`,
        );
      case 'CreateChangeSet': {
        const type = p.get('ChangeSetType') || 'UPDATE';
        let t = s;
        if (type === 'CREATE') {
          if (t && !['REVIEW_IN_PROGRESS', 'DELETE_COMPLETE'].includes(t.status))
            return error(res, 'AlreadyExistsException', `Stack [${name}] already exists`);
          t = state.stacks[name] = { status: 'REVIEW_IN_PROGRESS', created: now(), events: [], changeSets: {} };
        } else if (!t) return missing();
        else if (t.status === 'ROLLBACK_COMPLETE') {
          return error(
            res,
            'ValidationError',
            `Stack:${stackId(name)} is in ROLLBACK_COMPLETE state and can not be updated.`,
          );
        }
        const id = `arn:aws:cloudformation:${REGION}:${ACCOUNT}:changeSet/${p.get('ChangeSetName')}/cs${++state.n}`;
        const url = /^https?:\/\/[^/]+\/([^/]+)\/(.+)$/.exec(p.get('TemplateURL') ?? '');
        const body = p.get('TemplateBody') ?? (url ? state.buckets[url[1]]?.[decodeURIComponent(url[2])] : undefined);
        t.changeSets[p.get('ChangeSetName')] = { id, type, body: body?.toString() };
        return answer(res, 'cfn', 'CreateChangeSet', `<Id>${id}</Id><StackId>${stackId(name)}</StackId>`);
      }
      case 'DescribeChangeSet': {
        const cs = changeSetOf(s, p);
        if (!cs) return error(res, 'ChangeSetNotFound', `ChangeSet [${p.get('ChangeSetName')}] does not exist`, 404);
        const changes = fixture.changes ?? [
          { Action: 'Add', LogicalResourceId: 'Everything', ResourceType: 'AWS::CloudFormation::WaitConditionHandle' },
        ];
        return answer(
          res,
          'cfn',
          'DescribeChangeSet',
          `<ChangeSetName>${cs[0]}</ChangeSetName><ChangeSetId>${cs[1].id}</ChangeSetId><StackName>${name}</StackName><StackId>${stackId(name)}</StackId><Status>CREATE_COMPLETE</Status><ExecutionStatus>AVAILABLE</ExecutionStatus><Changes>${members(
            changes,
            (c) =>
              `<Type>Resource</Type><ResourceChange><Action>${c.Action}</Action><LogicalResourceId>${c.LogicalResourceId}</LogicalResourceId><ResourceType>${c.ResourceType}</ResourceType>${c.Replacement ? `<Replacement>${c.Replacement}</Replacement>` : ''}` +
              `<Details>${members(c.Details ?? [], (d) => `<Target><Attribute>${d.Target.Attribute}</Attribute><Name>${d.Target.Name}</Name><RequiresRecreation>${d.Target.RequiresRecreation}</RequiresRecreation></Target><Evaluation>Static</Evaluation><ChangeSource>DirectModification</ChangeSource>`)}</Details></ResourceChange>`,
          )}</Changes>`,
        );
      }
      case 'ExecuteChangeSet': {
        const cs = changeSetOf(s, p);
        if (!cs) return error(res, 'ChangeSetNotFound', 'no such change set', 404);
        const verb = cs[1].type === 'CREATE' ? 'CREATE' : 'UPDATE';
        s.changeSets = {};
        s.op = `op${++state.n}`;
        event(s, name, name, 'AWS::CloudFormation::Stack', `${verb}_IN_PROGRESS`, 'User Initiated');
        if (fail === 'resource') {
          fail = undefined;
          const reason =
            'Resource handler returned message: "Domain already exists." (Service: CognitoIdentityProvider, Status Code: 400)';
          event(s, name, 'UserPoolDomain', 'AWS::Cognito::UserPoolDomain', `${verb}_FAILED`, reason);
          s.op = `op${++state.n}`;
          const rollback = verb === 'CREATE' ? 'ROLLBACK' : 'UPDATE_ROLLBACK';
          s.reason = 'The following resource(s) failed to create: [UserPoolDomain].';
          event(s, name, name, 'AWS::CloudFormation::Stack', `${rollback}_IN_PROGRESS`, s.reason);
          s.status = `${rollback}_COMPLETE`;
        } else {
          s.status = `${verb}_COMPLETE`;
          s.reason = undefined;
          s.template = cs[1].body ?? s.template;
        }
        event(s, name, name, 'AWS::CloudFormation::Stack', s.status);
        return answer(res, 'cfn', 'ExecuteChangeSet', '');
      }
      case 'DeleteChangeSet':
        for (const [n] of [changeSetOf(s, p)].filter(Boolean)) delete s.changeSets[n];
        return answer(res, 'cfn', 'DeleteChangeSet', '');
      case 'DeleteStack':
        if (s && s.status !== 'DELETE_COMPLETE') {
          s.op = `op${++state.n}`;
          event(s, name, name, 'AWS::CloudFormation::Stack', 'DELETE_IN_PROGRESS', 'User Initiated');
          event(s, name, name, 'AWS::CloudFormation::Stack', 'DELETE_COMPLETE');
          s.status = 'DELETE_COMPLETE';
        }
        return answer(res, 'cfn', 'DeleteStack', '');
      default:
        return error(res, 'InvalidAction', `recorder: ${p.get('Action')} not answered`);
    }
  }

  function s3(req, res, body) {
    const [path, query = ''] = req.url.split('?');
    const [, bucket, ...rest] = decodeURIComponent(path).split('/');
    const key = rest.join('/');
    const q = new URLSearchParams(query);
    const objects = state.buckets[bucket];
    const ok = (text = '', headers = {}) => {
      res.writeHead(200, { 'content-type': 'application/xml', ...headers });
      res.end(text);
    };
    const notFound = (code) => {
      res.writeHead(404, { 'content-type': 'application/xml' });
      res.end(req.method === 'HEAD' ? '' : `<Error><Code>${code}</Code><Message>${code}</Message></Error>`);
    };
    if (req.method === 'PUT' && !key) {
      if (objects)
        return error(res, 'BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded', 409);
      state.buckets[bucket] = {};
      return ok('', { location: `/${bucket}` });
    }
    if (!objects) return notFound('NoSuchBucket');
    if (q.has('location')) return ok('<LocationConstraint/>');
    if (req.method === 'HEAD' && !key) return ok('', { 'x-amz-bucket-region': REGION });
    if (req.method === 'DELETE' && !key) {
      if (Object.keys(objects).length)
        return error(res, 'BucketNotEmpty', 'The bucket you tried to delete is not empty', 409);
      delete state.buckets[bucket];
      res.writeHead(204);
      return res.end();
    }
    if (req.method === 'GET' && !key) {
      const keys = Object.keys(objects).filter((k) => k.startsWith(q.get('prefix') ?? ''));
      const listed = keys.slice(0, Number(q.get('max-keys') ?? 1000));
      return ok(
        `<ListBucketResult><Name>${bucket}</Name><KeyCount>${listed.length}</KeyCount><IsTruncated>false</IsTruncated>${listed
          .map((k) => `<Contents><Key>${xml(k)}</Key><Size>${objects[k].length}</Size></Contents>`)
          .join('')}</ListBucketResult>`,
      );
    }
    if (req.method === 'POST' && q.has('delete')) {
      const deleted = [...body.toString().matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1]);
      for (const k of deleted) delete objects[k];
      return ok(
        `<DeleteResult>${deleted.map((k) => `<Deleted><Key>${xml(k)}</Key></Deleted>`).join('')}</DeleteResult>`,
      );
    }
    if (req.method === 'PUT') {
      objects[key] = body;
      return ok('', { etag: '"e"' });
    }
    if (!(key in objects)) return notFound('NoSuchKey');
    if (req.method === 'DELETE') {
      delete objects[key];
      res.writeHead(204);
      return res.end();
    }
    return ok(req.method === 'GET' ? objects[key] : '', { etag: '"e"' });
  }

  const server = http.createServer((req, res) => {
    const chunks = [];
    req
      .on('data', (c) => chunks.push(c))
      .on('end', () => {
        state.n++;
        const body = Buffer.concat(chunks);
        const service = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(req.headers.authorization || '')?.[1] ?? '?';
        const p = new URLSearchParams(service === 's3' ? '' : body.toString());
        const path = req.url.split('?')[0];
        const action = service === 's3' ? `s3 ${req.method}` : (p.get('Action') ?? '?');
        calls.push({ service, action, ...(service === 's3' ? { path } : { stack: p.get('StackName') ?? undefined }) });
        const [failAt, nth = '1'] = (fail ?? '').split('#');
        if (fail && failAt === action && (seen[failAt] = (seen[failAt] ?? 0) + 1) === Number(nth)) {
          fail = undefined;
          return error(res, 'InjectedFailure', `injected failure at ${action}`, 400);
        }
        if (service === 'sts' && action === 'GetCallerIdentity') {
          return answer(
            res,
            'sts',
            action,
            `<Arn>arn:aws:iam::${ACCOUNT}:user/dev</Arn><UserId>AIDDEV</UserId><Account>${ACCOUNT}</Account>`,
          );
        }
        if (service === 'sts') return error(res, 'AccessDenied', `recorder: ${action} not allowed`, 403);
        if (service === 's3') return s3(req, res, body);
        if (service === 'cloudformation') return cloudFormation(res, p);
        error(res, 'UnknownService', `recorder: ${service}`);
      });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        calls,
        state,
        fixture,
        set fail(step) {
          fail = step;
          for (const k in seen) delete seen[k];
        },
        /** Stacks that exist (not deleted), name=status. */
        liveStacks: () =>
          Object.entries(state.stacks)
            .filter(([, s]) => s.status !== 'DELETE_COMPLETE')
            .map(([n, s]) => `${n}=${s.status}`),
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(done);
          }),
      }),
    ),
  );
}

module.exports = { startAwsRecorder, ACCOUNT, REGION };
