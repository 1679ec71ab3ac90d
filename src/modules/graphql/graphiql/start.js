/* global React, ReactDOM, GraphiQL */
// GraphiQL on this API's /graphql, every script served by the API itself (no CDN): it works
// offline and under a Content-Security-Policy of script-src 'self'.
const example = `# Qui peut m'aider, près de chez moi ?
# Un lycéen de Laon (02408) qui cherche son orientation :
{
  orientation(public: ["scolaires"], besoin: ["choisir-orientation"], code_commune: "02408") {
    recommandations {
      type { nom_usuel }
      pourquoi
      lieux { nom adresse distance_m telephone }
    }
  }
}
`
const fetcher = GraphiQL.createFetcher({ url: new URL('/graphql', window.location.href).toString() })
ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, { fetcher, defaultQuery: example, defaultEditorToolsVisibility: false })
)
