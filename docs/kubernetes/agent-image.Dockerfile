# A minimal image that only carries the agent jar, for the init container in deployment.yaml.
# Build from the repository root after `mvn -B -DskipTests package`:
#   docker build -f docs/kubernetes/agent-image.Dockerfile -t registry.example.com/leadergate-agent:0.1.0 .
FROM busybox:1.36
COPY agent/target/leadergate-agent.jar /leadergate/leadergate-agent.jar
