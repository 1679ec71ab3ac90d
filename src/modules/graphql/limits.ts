// Protections that run as validation rules, before any resolver: an abusive query is
// refused without reaching the database. Introspection fields (__schema, __type) do not
// count, so GraphiQL's own (deep) introspection query still works.
import {
  type ASTVisitor,
  type FragmentDefinitionNode,
  getNamedType,
  GraphQLError,
  type GraphQLNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLOutputType,
  Kind,
  type SelectionSetNode,
  type ValidationContext
} from 'graphql'

export const LIMITS = { depth: 10, cost: 5000, aliases: 20, tokens: 2000 } as const

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

/**
 * Depth and cost of a selection set. Each field costs 1 plus its children's cost times the
 * number of items it may return: a list takes the `limit` given to it or to the field
 * above it (a page's `data`), else DEFAULT_LIST_SIZE.
 */
function measure(
  set: SelectionSetNode | undefined,
  parent: GraphQLNamedType | undefined,
  fragments: Map<string, FragmentDefinitionNode>,
  context: ValidationContext,
  pendingLimit: number | undefined,
  visiting: Set<string>
): Measure {
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
      const child = measure(selection.selectionSet, field ? getNamedType(field.type) : undefined, fragments, context, list ? undefined : limit, visiting)
      const items = list ? (pendingLimit ?? (limitArg || field?.args.some((a) => a.name === 'limit') ? limit : undefined) ?? DEFAULT_LIST_SIZE) : 1
      depth = Math.max(depth, 1 + child.depth)
      cost += 1 + items * child.cost
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition ? context.getSchema().getType(selection.typeCondition.name.value) ?? parent : parent
      const child = measure(selection.selectionSet, type, fragments, context, pendingLimit, visiting)
      depth = Math.max(depth, child.depth)
      cost += child.cost
    } else {
      const name = selection.name.value
      const fragment = fragments.get(name)
      if (!fragment || visiting.has(name)) continue
      visiting.add(name)
      const type = context.getSchema().getType(fragment.typeCondition.name.value) ?? parent
      const child = measure(fragment.selectionSet, type, fragments, context, pendingLimit, visiting)
      visiting.delete(name)
      depth = Math.max(depth, child.depth)
      cost += child.cost
    }
  }
  return { depth, cost }
}

export function queryLimits(context: ValidationContext): ASTVisitor {
  const fragments = fragmentsOf(context)
  return {
    OperationDefinition(node) {
      const root = node.operation === 'query' ? context.getSchema().getQueryType() ?? undefined : undefined
      const { depth, cost } = measure(node.selectionSet, root, fragments, context, undefined, new Set())
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
