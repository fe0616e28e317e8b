// 한국어 UI 문자열. 사용자들의 학습 노트가 한국어이므로 기본 화면은 모두 번역한다.
// (표의 열 이름과 값은 kubectl 출력 그대로 둔다: en.ts 참조.)
import type { Messages } from './en.js';
import { VIEW_STRINGS } from './views.js';

export const ko: Messages = {
  app: { title: 'k8s-lab' },
  header: {
    apiServer: 'API 서버',
    provider: '노드 프로바이더',
    providerNone: '없음 (노드 없음)',
    nodes: '노드: {{count}}개',
    language: '언어',
    connection: { connecting: '연결 중…', open: '연결됨', closed: '연결 끊김' },
  },
  languages: { en: 'English', ko: '한국어' },
  nav: {
    label: '화면',
    architecture: '아키텍처',
    resources: '리소스',
    editor: '편집기',
    nodes: '노드',
    runtimes: 'containerd와 Docker 비교',
    setup: '설치',
  },
  coming: {
    title: '준비 중',
    body: '이 화면은 데스크톱 앱의 다음 단계에서 추가됩니다. 지금은 리소스 화면을 사용할 수 있습니다.',
  },
  kinds: {
    pods: '파드',
    nodes: '노드',
    deployments: '디플로이먼트',
    replicasets: '레플리카셋',
    services: '서비스',
    events: '이벤트',
    namespaces: '네임스페이스',
  },
  resources: {
    kind: '종류',
    namespace: '네임스페이스',
    allNamespaces: '모든 네임스페이스',
    clusterScoped: '클러스터 범위',
    loading: '불러오는 중…',
    live: '실시간',
    empty: '{{namespace}} 네임스페이스에 리소스가 없습니다.',
    emptyAll: '리소스가 없습니다.',
    rows: '오브젝트: {{count}}개',
  },
  detail: {
    hint: '행을 선택하면 오브젝트와 이벤트를 볼 수 있습니다.',
    object: '오브젝트',
    events: '이벤트',
    noEvents: '이벤트가 없습니다.',
    close: '닫기',
    delete: '삭제',
    deleted: '{{what}}을(를) 삭제했습니다.',
    gone: '이 오브젝트는 더 이상 존재하지 않습니다.',
  },
  confirm: {
    title: '{{what}}을(를) 삭제할까요?',
    body: 'API 서버가 `kubectl delete`와 똑같이 삭제합니다. 컨트롤러가 대신할 오브젝트를 다시 만들 수 있습니다.',
    cancel: '취소',
    confirm: '삭제',
  },
  architecture: VIEW_STRINGS.architecture.ko,
  editor: VIEW_STRINGS.editor.ko,
  nodes: VIEW_STRINGS.nodes.ko,
  runtimes: VIEW_STRINGS.runtimes.ko,
  setup: VIEW_STRINGS.setup.ko,
  progress: VIEW_STRINGS.progress.ko,
  error: { title: '오류' },
};
