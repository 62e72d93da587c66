// Named prepared statements on PGlite. `PGlite.query()` sends Parse, Describe, Bind, Describe,
// Execute and Sync as six separate calls into the WASM engine and parses and plans the SQL
// every time; on the hot read path (a customer lookup, a token check) that fixed cost was
// bigger than the query itself. Here a statement is parsed and described once, and each run
// is one call: Bind + Execute + Sync against the named statement.
//
// Locking mirrors `PGlite.query()`: the transaction mutex, then the query mutex, so a run
// never lands inside another request's open transaction (it would see uncommitted rows).
// Those two methods are underscored but part of PGlite's published interface (pinned version).
import { type PGlite, protocol, types } from '@electric-sql/pglite';

const { serialize } = protocol;

export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}

interface Shape {
  paramTypes: number[];
  fields: { name: string; type: number }[];
}

type Backend = { name: string } & Record<string, unknown>;

function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const EXECUTE_SYNC = concat([serialize.execute({}), serialize.sync()]);

export class PglitePrepared {
  private shapes = new Map<string, Shape>();

  constructor(private readonly pgl: PGlite) {}

  query<T>(st: PreparedStatement, params: unknown[] = []): Promise<T[]> {
    return this.pgl._runExclusiveTransaction(() =>
      this.pgl._runExclusiveQuery(async () => {
        try {
          return await this.run<T>(st, params);
        } catch (e) {
          // A migration changed what the statement returns: prepare it again, once.
          if ((e as { code?: string }).code !== '0A000') throw e;
          this.shapes.delete(st.name);
          return await this.run<T>(st, params);
        }
      }),
    );
  }

  private async run<T>(st: PreparedStatement, params: unknown[]): Promise<T[]> {
    const shape = this.shapes.get(st.name) ?? (await this.prepare(st));
    const values = params.map((v, i) => {
      if (v === null || v === undefined) return null;
      const ser = this.pgl.serializers[shape.paramTypes[i] as number];
      return ser ? ser(v) : String(v);
    });
    const { messages } = await this.pgl.execProtocol(
      concat([serialize.bind({ statement: st.name, values }), EXECUTE_SYNC]),
    );
    const rows: T[] = [];
    for (const m of messages as unknown as Backend[]) {
      if (m.name !== 'dataRow') continue;
      const cells = m.fields as (string | null)[];
      const row: Record<string, unknown> = {};
      shape.fields.forEach((f, i) => {
        row[f.name] = types.parseType(cells[i] ?? null, f.type, this.pgl.parsers);
      });
      rows.push(row as T);
    }
    return rows;
  }

  private async prepare(st: PreparedStatement): Promise<Shape> {
    // Close first (a no-op when absent): preparing again replaces whatever had the name.
    const { messages } = await this.pgl.execProtocol(
      concat([
        serialize.close({ type: 'S', name: st.name }),
        serialize.parse({ name: st.name, text: st.text, types: [] }),
        serialize.describe({ type: 'S', name: st.name }),
        serialize.sync(),
      ]),
    );
    const shape: Shape = { paramTypes: [], fields: [] };
    for (const m of messages as unknown as Backend[]) {
      if (m.name === 'parameterDescription') shape.paramTypes = m.dataTypeIDs as number[];
      if (m.name === 'rowDescription') {
        shape.fields = (m.fields as { name: string; dataTypeID: number }[]).map((f) => ({
          name: f.name,
          type: f.dataTypeID,
        }));
      }
    }
    this.shapes.set(st.name, shape);
    return shape;
  }
}
