// Protections that run as validation rules, before any resolver: an abusive query is
// refused without reaching the database. Introspection fields (__schema, __type) do not
// count, so GraphiQL's own (deep) introspection query still works.
import {
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  getNamedType,
  GraphQLError,
  type GraphQLNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLOutputType,
  Kind,
  Location,
  parse,
  type SelectionSetNode,
  type ValidationContext,
  visit
} from 'graphql'

export const LIMITS = { depth: 10, cost: 5000, aliases: 20, tokens: 2000, fields: 200 } as const

/** A list field with no `limit` argument is assumed to return this many items. */
const DEFAULT_LIST_SIZE = 10

function fragmentsOf(context: ValidationContext): Map<string, FragmentDefinitionNode> {
  const map = new Map<string, FragmentDefinitionNode>()
  for (const d of context.getDocument().definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) map.set(d.name.value, d)
  return map
}

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type)
}

interface Measure { depth: number; cost: number }

/** What a walk of one document shares: its fragments, and each fragment's measure once known. */
interface Walk {
  fragments: Map<string, FragmentDefinitionNode>
  context: ValidationContext
  /**
   * A fragment's measure by (name, pending limit): a fragment spread many times is walked
   * once, so the walk stays linear in the document's size. Without it, fragments that each
   * spread the next one twice cost 2^n walks (a 200-token query blocked the event loop for
   * seconds) before being refused.
   */
  measured: Map<string, Measure>
  visiting: Set<string>
}

/**
 * Depth and cost of a selection set. Each field costs 1 plus its children's cost times the
 * number of items it may return: a list takes the `limit` given to it or to the field
 * above it (a page's `data`), else DEFAULT_LIST_SIZE.
 */
function measure(
  set: SelectionSetNode | undefined,
  parent: GraphQLNamedType | undefined,
  walk: Walk,
  pendingLimit: number | undefined
): Measure {
  const { context } = walk
  if (!set) return { depth: 0, cost: 0 }
  let depth = 0
  let cost = 0
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue
      const field = parent && isObjectType(parent) ? parent.getFields()[selection.name.value] : undefined
      const limitArg = selection.arguments?.find((a) => a.name.value === 'limit')
      let limit = pendingLimit
      if (limitArg) {
        // A variable's value is not known at validation: assume the largest page.
        limit = limitArg.value.kind === Kind.INT ? Number(limitArg.value.value) : 100
      } else if (field?.args.some((a) => a.name === 'limit')) {
        limit = Number(field.args.find((a) => a.name === 'limit')?.defaultValue ?? 20)
      }
      const list = field ? isList(field.type) : false
      const child = measure(selection.selectionSet, field ? getNamedType(field.type) : undefined, walk, list ? undefined : limit)
      const items = list ? (pendingLimit ?? (limitArg || field?.args.some((a) => a.name === 'limit') ? limit : undefined) ?? DEFAULT_LIST_SIZE) : 1
      depth = Math.max(depth, 1 + child.depth)
      cost += 1 + items * child.cost
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition ? context.getSchema().getType(selection.typeCondition.name.value) ?? parent : parent
      const child = measure(selection.selectionSet, type, walk, pendingLimit)
      depth = Math.max(depth, child.depth)
      cost += child.cost
    } else {
      const child = measureFragment(selection.name.value, parent, walk, pendingLimit)
      if (!child) continue
      depth = Math.max(depth, child.depth)
      cost += child.cost
    }
  }
  return { depth, cost }
}

/** A fragment's measure, walked once per pending limit; undefined when unknown or cyclic (other rules refuse those). */
function measureFragment(
  name: string,
  parent: GraphQLNamedType | undefined,
  walk: Walk,
  pendingLimit: number | undefined
): Measure | undefined {
  const fragment = walk.fragments.get(name)
  if (!fragment || walk.visiting.has(name)) return undefined
  // The type condition, not the spread's place, decides the fields: the key needs no parent.
  const key = `${name}\u0000${pendingLimit ?? ''}`
  const known = walk.measured.get(key)
  if (known) return known
  walk.visiting.add(name)
  const type = walk.context.getSchema().getType(fragment.typeCondition.name.value) ?? parent
  const result = measure(fragment.selectionSet, type, walk, pendingLimit)
  walk.visiting.delete(name)
  walk.measured.set(key, result)
  return result
}

export function queryLimits(context: ValidationContext): ASTVisitor {
  const walk: Walk = { fragments: fragmentsOf(context), context, measured: new Map(), visiting: new Set() }
  return {
    OperationDefinition(node) {
      const root = node.operation === 'query' ? context.getSchema().getQueryType() ?? undefined : undefined
      const { depth, cost } = measure(node.selectionSet, root, walk, undefined)
      if (depth > LIMITS.depth) {
        context.reportError(new GraphQLError(`The query is ${depth} levels deep; the limit is ${LIMITS.depth}.`, {
          nodes: [node], extensions: { code: 'QUERY_TOO_DEEP', depth, limit: LIMITS.depth }
        }))
      }
      if (cost > LIMITS.cost) {
        context.reportError(new GraphQLError(
          `The query may cost ${cost} (each field 1, times the items of the lists above it); the limit is ${LIMITS.cost}. Ask for smaller pages or fewer nested lists.`,
          { nodes: [node], extensions: { code: 'QUERY_TOO_COSTLY', cost, limit: LIMITS.cost } }
        ))
      }
    }
  }
}

export function aliasLimit(context: ValidationContext): ASTVisitor {
  let aliases = 0
  return {
    Field(node) {
      if (node.alias && ++aliases === LIMITS.aliases + 1) {
        context.reportError(new GraphQLError(`The query uses more than ${LIMITS.aliases} aliases.`, {
          nodes: [node], extensions: { code: 'TOO_MANY_ALIASES', limit: LIMITS.aliases }
        }))
      }
    }
  }
}

/** A string literal holding a NUL byte ("\u0000"): no text column can hold it, so it is refused here. */
export function noNulBytes(context: ValidationContext): ASTVisitor {
  return {
    StringValue(node) {
      if (node.value.includes('\u0000')) {
        context.reportError(new GraphQLError('A string argument must not contain a NUL byte (\\u0000).', {
          nodes: [node], extensions: { code: 'BAD_USER_INPUT' }
        }))
      }
    }
  }
}

/**
 * Fields written in the document, each fragment counted once. graphql-js compares every
 * pair of fields that share a response name (OverlappingFieldsCanBeMerged): 600 of them,
 * which the token limit allows, take 150 ms of validation on the event loop. Counted before
 * validation runs; GraphiQL's introspection query has 72.
 */
export function tooManyFields(document: DocumentNode): GraphQLError | null {
  let fields = 0
  visit(document, { Field() { fields++ } })
  if (fields <= LIMITS.fields) return null
  return new GraphQLError(`The query selects ${fields} fields; the limit is ${LIMITS.fields}.`, {
    extensions: { code: 'QUERY_TOO_LARGE', fields, limit: LIMITS.fields }
  })
}

/**
 * mercurius takes a query that fails to parse but reads as JSON for a ready-made syntax
 * tree: a body like `{"query": "[1]"}` reached validation as such and failed there with a
 * 500, and a tree skips the token limit. Only documents parsed from the query text are
 * accepted; anything else is answered with the text's own syntax error.
 */
export function notParsedFromText(document: DocumentNode, source: string | undefined): GraphQLError | null {
  if (document.loc instanceof Location) return null
  try {
    parse(source ?? '', { maxTokens: LIMITS.tokens })
  } catch (error) {
    if (error instanceof GraphQLError) return error
  }
  return new GraphQLError('The query could not be read as GraphQL.', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })
}
