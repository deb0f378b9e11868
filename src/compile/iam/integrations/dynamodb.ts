import { asIs, regional, type Res, sub } from '../arn.js';
import type { Grant, TaskCtx } from '../types.js';
import { DYNAMIC_MARK, Params, type Val, valueOf } from '../values.js';

const DYNAMIC: Val = { kind: 'dynamic' };

/** A table named by name, ARN or intrinsic (Ref to a table is its name; GetAtt Arn its ARN). */
export function tableArn(v: Val): Res {
  if (v.kind === 'text' && v.text.startsWith('arn:')) return asIs(v);
  if (v.kind === 'ref' && 'Fn::GetAtt' in v.value) {
    const att = v.value['Fn::GetAtt'];
    const attr = Array.isArray(att) ? att[1] : String(att).split('.').slice(1).join('.');
    if (attr === 'Arn') return v.value;
  }
  return regional('dynamodb', 'table/', v.kind === 'text' || v.kind === 'ref' ? v : DYNAMIC);
}

/** Index ARN: `table/T/index/I` (Query and Scan on an index are authorized on the index only). */
function indexArn(table: Val, index: Val): Res {
  const i = index.kind === 'text' || index.kind === 'ref' ? index : DYNAMIC;
  if (table.kind === 'text' && table.text.startsWith('arn:')) return sub(table, '/index/', i);
  return regional('dynamodb', 'table/', table.kind === 'text' || table.kind === 'ref' ? table : DYNAMIC, '/index/', index.kind === 'text' || index.kind === 'ref' ? index : DYNAMIC);
}

const TRANSACT: Record<string, string> = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem' };

/** Tables named by the keys of RequestItems (BatchGetItem / BatchWriteItem); `Table.$` keys name a table too. */
function requestItemTables(t: TaskCtx): Res[] {
  const items = t.params.node('RequestItems');
  if (items === DYNAMIC_MARK || !items || typeof items !== 'object') return [tableArn(DYNAMIC)];
  return Object.keys(items as object).map((k) => tableArn(valueOf(k.endsWith('.$') ? k.slice(0, -2) : k)));
}

/** DynamoDB, optimized (getItem, putItem, updateItem, deleteItem) and through the AWS SDK (any action). */
export function dynamodbGrants(t: TaskCtx, actions: string[], sdkAction: string): Grant[] | undefined {
  if (sdkAction === 'transactWriteItems' || sdkAction === 'transactGetItems') {
    const items = t.params.node('TransactItems');
    if (items === DYNAMIC_MARK || !Array.isArray(items)) {
      const acts = sdkAction === 'transactGetItems' ? ['dynamodb:GetItem'] : Object.values(TRANSACT).map((a) => `dynamodb:${a}`);
      return [{ actions: acts, resources: [tableArn(DYNAMIC)] }];
    }
    return items.map((item) => {
      const entry = (item && typeof item === 'object' ? item : {}) as Record<string, unknown>;
      const [op, body] = Object.entries(entry).find(([k]) => k in TRANSACT || k === 'Get') ?? ['Put', {}];
      const table = valueOf((body as Record<string, unknown>)?.TableName);
      return { actions: [`dynamodb:${op === 'Get' ? 'GetItem' : TRANSACT[op]}`], resources: [tableArn(table.kind === 'absent' ? DYNAMIC : table)] };
    });
  }
  if (sdkAction === 'batchGetItem' || sdkAction === 'batchWriteItem') return [{ actions, resources: requestItemTables(t) }];
  if (['executeStatement', 'batchExecuteStatement', 'executeTransaction'].includes(sdkAction)) return partiqlGrants(t, sdkAction);
  const table = [t.params.get('TableName'), t.params.get('TableArn'), t.params.get('ResourceArn')].find((v) => v.kind !== 'absent');
  if (!table) return [{ actions, resources: [tableArn(DYNAMIC)] }];
  const index = t.params.get('IndexName');
  if (index.kind !== 'absent') return [{ actions, resources: [indexArn(table, index)] }];
  return [{ actions, resources: [tableArn(table)] }];
}

const PARTIQL: Record<string, string> = { SELECT: 'PartiQLSelect', INSERT: 'PartiQLInsert', UPDATE: 'PartiQLUpdate', DELETE: 'PartiQLDelete' };
/** A table (and index) name: `"orders"`, `orders`, `"orders"."byDate"`. */
const NAME = '("[^"]+"|[A-Za-z0-9_\\-${}:]+)(?:\\."([^"]+)")?';
const STATEMENT = new RegExp(String.raw`^\s*(?:(SELECT)\b[\s\S]*?\bFROM\s+|(INSERT)\s+INTO\s+|(UPDATE)\s+|(DELETE)\s+FROM\s+)` + NAME, 'i');

/** The verb and table of a static PartiQL statement, or undefined when it is chosen at run time or not understood. */
export function parsePartiql(v: Val): { action: string; table: Val; index?: Val } | undefined {
  if (v.kind !== 'text') return undefined;
  const m = STATEMENT.exec(v.text);
  if (!m) return undefined;
  const verb = (m[1] ?? m[2] ?? m[3] ?? m[4]).toUpperCase();
  const unquote = (s: string): string => s.replace(/^"|"$/g, '');
  return { action: `dynamodb:${PARTIQL[verb]}`, table: { kind: 'text', text: unquote(m[5]) }, ...(m[6] ? { index: { kind: 'text', text: m[6] } } : {}) };
}

/** One PartiQL statement: its verb on its table (a SELECT on an index: the index and its table); unknown → any verb, any table. */
function statementGrant(statement: Val): Grant {
  const parsed = parsePartiql(statement);
  if (!parsed) return { actions: Object.values(PARTIQL).map((a) => `dynamodb:${a}`), resources: [tableArn(DYNAMIC), regional('dynamodb', 'table/*/index/*')] };
  return { actions: [parsed.action], resources: [tableArn(parsed.table), ...(parsed.index ? [indexArn(parsed.table, parsed.index)] : [])] };
}

/** executeStatement, batchExecuteStatement and executeTransaction: authorized as dynamodb:PartiQL<Verb> on the tables the statements name. */
export function partiqlGrants(t: TaskCtx, sdkAction: string): Grant[] | undefined {
  if (sdkAction === 'executeStatement') return [statementGrant(t.params.get('Statement'))];
  const list = t.params.node(sdkAction === 'executeTransaction' ? 'TransactStatements' : 'Statements');
  if (!Array.isArray(list)) return [statementGrant(DYNAMIC)];
  return list.map((entry) => statementGrant(entry && typeof entry === 'object' && !Array.isArray(entry) ? new Params(entry).get('Statement') : DYNAMIC));
}
